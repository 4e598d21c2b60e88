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
	p = policyOrDefault(p)
	if v == "off" {
		p.CategoryAddPresence = 0
		return p, nil
	}
	a, b, err := presencePolarity("category-add", v, "PRESENCE,POLARITY or off")
	if err != nil {
		return nil, err
	}
	p.CategoryAddPresence, p.CategoryAddPolarity = a, b
	return p, nil
}

// presencePolarity parses the PRESENCE,POLARITY thresholds a bench command's --name takes
// (--category-add, --implicit): presence in (0, 1], polarity in [0, 1]; want is what the
// flag takes, for the error of a value without a comma.
func presencePolarity(name, v, want string) (float64, float64, error) {
	pres, pol, ok := strings.Cut(v, ",")
	if !ok {
		return 0, 0, fmt.Errorf("--%s %q: want %s", name, v, want)
	}
	a, err := strconv.ParseFloat(strings.TrimSpace(pres), 64)
	if err != nil || a <= 0 || a > 1 {
		return 0, 0, fmt.Errorf("--%s %q: presence must be in (0, 1]", name, v)
	}
	b, err := strconv.ParseFloat(strings.TrimSpace(pol), 64)
	if err != nil || b < 0 || b > 1 {
		return 0, 0, fmt.Errorf("--%s %q: polarity must be in [0, 1]", name, v)
	}
	return a, b, nil
}
