package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/tingzhen/tingzhen/mention"
)

// registerCategoryAdd adds --category-add to a bench command: "" leaves the policy's
// CategoryAddPresence / CategoryAddPolarity; "PRESENCE,POLARITY" sets both (for choosing a
// point on a validation split); "off" sets presence 0 (no add-only category indicator).
func registerCategoryAdd(fs *flag.FlagSet) *string {
	return fs.String("category-add", "", "add-only category models' thresholds PRESENCE,POLARITY (mention.Policy.CategoryAddPresence, CategoryAddPolarity), or off (default: the policy's)")
}

// categoryAddPolicy applies --category-add to p (nil: the default policy); it returns p
// unchanged when v is "".
func categoryAddPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	if v == "" {
		return p, nil
	}
	if p == nil {
		d := mention.DefaultPolicy()
		p = &d
	}
	if v == "off" {
		p.CategoryAddPresence = 0
		return p, nil
	}
	pres, pol, ok := strings.Cut(v, ",")
	if !ok {
		return nil, fmt.Errorf("--category-add %q: want PRESENCE,POLARITY or off", v)
	}
	a, err := strconv.ParseFloat(strings.TrimSpace(pres), 64)
	if err != nil || a <= 0 || a > 1 {
		return nil, fmt.Errorf("--category-add %q: presence must be in (0, 1]", v)
	}
	b, err := strconv.ParseFloat(strings.TrimSpace(pol), 64)
	if err != nil || b < 0 || b > 1 {
		return nil, fmt.Errorf("--category-add %q: polarity must be in [0, 1]", v)
	}
	p.CategoryAddPresence, p.CategoryAddPolarity = a, b
	return p, nil
}
