package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/tingzhen/tingzhen/mention"
)

// registerImplicit adds --implicit to a bench command: "" leaves the policy's
// CategoryAddMentions; "on" / "off" set it; "PRESENCE,POLARITY" turns it on with those
// emission thresholds (mention.Policy.CategoryAddMentionPresence, CategoryAddMentionPolarity).
func registerImplicit(fs *flag.FlagSet) *string {
	return fs.String("implicit", "", "implicit category mentions (mention.Policy.CategoryAddMentions): on, off, or PRESENCE,POLARITY emission thresholds (default: the policy's)")
}

// registerImplicitIndustries adds --implicit-industries to a bench command: "" leaves
// mention.Policy.CategoryAddMentionIndustries; a comma-separated list of industry ids
// replaces it (implicitIndustriesPolicy).
func registerImplicitIndustries(fs *flag.FlagSet) *string {
	return fs.String("implicit-industries", "", "industries whose records may get implicit category mentions (mention.Policy.CategoryAddMentionIndustries), comma-separated, e.g. ecommerce,food_delivery (default: the policy's)")
}

// implicitIndustriesPolicy applies --implicit-industries to p (nil: the default policy); it
// returns p unchanged when v is "".
func implicitIndustriesPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	if v == "" {
		return p, nil
	}
	var inds []string
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" || strings.ContainsFunc(f, func(r rune) bool { return !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
			return nil, fmt.Errorf("--implicit-industries %q: want industry ids (a-z, 0-9, _) separated by commas", v)
		}
		inds = append(inds, f)
	}
	if p == nil {
		d := mention.DefaultPolicy()
		p = &d
	}
	p.CategoryAddMentionIndustries = inds
	return p, nil
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
	a, b, err := presencePolarity("implicit", v, "on, off or PRESENCE,POLARITY") // bench_categoryadd.go
	if err != nil {
		return nil, err
	}
	p.CategoryAddMentions, p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity = true, a, b
	return p, nil
}
