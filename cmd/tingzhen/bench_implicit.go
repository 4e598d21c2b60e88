package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/tingzhen/tingzhen/mention"
)

// registerImplicit adds --implicit to a bench command: "" leaves the policy's
// CategoryAddMentions; "on" / "off" set it; "PRESENCE,POLARITY" turns it on with those
// emission thresholds (mention.Policy.CategoryAddMentionPresence, CategoryAddMentionPolarity);
func registerImplicit(fs *flag.FlagSet) *string {
	return fs.String("implicit", "", "implicit category mentions (mention.Policy.CategoryAddMentions): on, off, or PRESENCE,POLARITY emission thresholds (default: the policy's)")
}

// implicitPolicy applies --implicit to p (nil: the default policy); it returns p unchanged
// when v is "".
func implicitPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	if v == "" {
		return p, nil
	}
	if p == nil {
		d := mention.DefaultPolicy()
		p = &d
	}
	switch v {
	case "off":
		p.CategoryAddMentions = false
		return p, nil
	case "on":
		p.CategoryAddMentions = true
		return p, nil
	}
	pres, pol, ok := strings.Cut(v, ",")
	if !ok {
		return nil, fmt.Errorf("--implicit %q: want on, off or PRESENCE,POLARITY", v)
	}
	a, err := strconv.ParseFloat(strings.TrimSpace(pres), 64)
	if err != nil || a <= 0 || a > 1 {
		return nil, fmt.Errorf("--implicit %q: presence must be in (0, 1]", v)
	}
	b, err := strconv.ParseFloat(strings.TrimSpace(pol), 64)
	if err != nil || b < 0 || b > 1 {
		return nil, fmt.Errorf("--implicit %q: polarity must be in [0, 1]", v)
	}
	p.CategoryAddMentions, p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity = true, a, b
	return p, nil
}
