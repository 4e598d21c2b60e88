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
	p = policyOrDefault(p)
	p.CategoryAddMentionIndustries = inds
	return p, nil
}

// implicitPolicy applies --implicit to p (nil: the default policy); it returns p unchanged
// when v is "".
func implicitPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	if v == "" {
		return p, nil
	}
	p = policyOrDefault(p)
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

// registerImplicitScope adds --implicit-scope to a bench command (implicitScopePolicy).
func registerImplicitScope(fs *flag.FlagSet) *string {
	return fs.String("implicit-scope", "", "where implicit category mentions of an industry with a scope (mention.Policy.CategoryAddMentionScope) go: words (the policy's: in-domain text or a sentence with no term mention), termless (a sentence with no term mention only), none (no scope: wherever the verdict passes) (default: the policy's)")
}

// implicitScopePolicy applies --implicit-scope to p (nil: the default policy): "" and
// "words" leave the policy's CategoryAddMentionScope; "termless" empties every scope's word
// lists (no record is in domain: a sentence with no term mention only); "none" removes the
// scopes.
func implicitScopePolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	switch v {
	case "", "words":
		return p, nil
	case "termless", "none":
	default:
		return nil, fmt.Errorf("--implicit-scope %q: want words, termless or none", v)
	}
	p = policyOrDefault(p)
	scope := map[string]mention.ImplicitScope{}
	if v == "termless" {
		for ind := range p.CategoryAddMentionScope {
			scope[ind] = mention.ImplicitScope{}
		}
	}
	p.CategoryAddMentionScope = scope
	return p, nil
}
