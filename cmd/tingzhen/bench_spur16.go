package main

import (
	"flag"
	"fmt"

	"github.com/tingzhen/tingzhen/mention"
)

// registerSpur16 adds --spur16 to a bench command: "" or "off" leaves the policy as it is;
// "on" turns on spur16's rules (mention.Policy.Spur16Rules, off by default).
func registerSpur16(fs *flag.FlagSet) *string {
	return fs.String("spur16", "", "spur16's rules of session 16 (mention.Policy.Spur16Rules: a telecom/banking/hotel_travel post opening with a 【headline】 yields no mention; its anger-emoticon rule lives in --neg16): on or off (default: the policy's, off)")
}

// spur16Policy applies --spur16 to p (nil: the default policy); it returns p unchanged when
// v is "" or "off".
func spur16Policy(p *mention.Policy, v string) (*mention.Policy, error) {
	switch v {
	case "", "off":
		return p, nil
	case "on":
	default:
		return nil, fmt.Errorf("--spur16 %q: want on or off", v)
	}
	p = policyOrDefault(p)
	p.Spur16Rules()
	return p, nil
}
