package main

import (
	"flag"
	"fmt"

	"github.com/tingzhen/tingzhen/mention"
)

// registerPol15 adds --pol15 to a bench command: "" or "off" leaves the policy as it is;
// "on" turns on pol15's polarity rules (mention.Policy.Pol15Rules, off by default).
func registerPol15(fs *flag.FlagSet) *string {
	return fs.String("pol15", "", "pol15's polarity rules of session 15 (mention.Policy.Pol15Rules: a polar term graded by its magnitude word, a comparison's standard side, no positive itch, a bare 一般 in ecommerce): on or off (default: the policy's, off)")
}

// pol15Policy applies --pol15 to p (nil: the default policy); it returns p unchanged when v
// is "" or "off".
func pol15Policy(p *mention.Policy, v string) (*mention.Policy, error) {
	switch v {
	case "", "off":
		return p, nil
	case "on":
	default:
		return nil, fmt.Errorf("--pol15 %q: want on or off", v)
	}
	p = policyOrDefault(p)
	p.Pol15Rules()
	return p, nil
}
