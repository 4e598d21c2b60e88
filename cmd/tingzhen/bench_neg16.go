package main

import (
	"flag"
	"fmt"

	"github.com/tingzhen/tingzhen/mention"
)

// registerNeg16 adds --neg16 to a bench command: "" leaves the policy as it is; "on" or
// "off" sets neg16's polarity rules (mention.Policy.Neg16Rules, off by default: the candidate
// missed its VAL gate).
func registerNeg16(fs *flag.FlagSet) *string {
	return fs.String("neg16", "", "neg16's polarity rules of session 16 (mention.Policy.Neg16Rules: pol15's rules, 一般 in food_delivery, and the cue rules: an expectation a turn belies, 不是正品, fault words, bulk, 降价太快, 所谓的, anger emoticons): on or off (default: the policy's, off)")
}

// neg16Policy applies --neg16 to p (nil: the default policy); it returns p unchanged when v
// is "".
func neg16Policy(p *mention.Policy, v string) (*mention.Policy, error) {
	var on bool
	switch v {
	case "":
		return p, nil
	case "on":
		on = true
	case "off":
	default:
		return nil, fmt.Errorf("--neg16 %q: want on or off", v)
	}
	p = policyOrDefault(p)
	p.Neg16Rules(on)
	return p, nil
}
