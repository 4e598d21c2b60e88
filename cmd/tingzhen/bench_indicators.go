package main

import (
	"flag"
	"fmt"

	"github.com/tingzhen/tingzhen/mention"
)

// indicatorFlags are a bench command's flags of the record-level indicators' policy (session
// 16, ind16); each "" leaves the policy's value.
type indicatorFlags struct {
	// mixed: on|off, mention.Policy.Mixed.Mentions (an entry whose own mentions give it the
	// opposite point carries it as also).
	mixed *string
	// mixedCategory: PRESENCE,POLARITY|off, mention.Policy.Mixed.Presence and Polarity (the
	// add-only classifier, sure of the opposite verdict, gives it).
	mixedCategory *string
	// neutralPoint: on|off, mention.Policy.CategoryNeutralPoint (a deciding classifier's
	// neutral verdict takes its mentions' point).
	neutralPoint *string
	// pointless: on|off, mention.Policy.CategoryAddPointless (an add-only verdict gives an
	// indicator only pointless mentions name its point).
	pointless *string
}

// registerIndicatorFlags adds --mixed, --mixed-category, --neutral-point and --pointless to a bench command.
func registerIndicatorFlags(fs *flag.FlagSet) indicatorFlags {
	return indicatorFlags{
		mixed:         fs.String("mixed", "", "an indicator entry whose mentions also give it the opposite point carries it as also (mention.Policy.Mixed.Mentions): on or off (default: the policy's)"),
		mixedCategory: fs.String("mixed-category", "", "the add-only category classifier's thresholds PRESENCE,POLARITY for giving an indicator entry the opposite point as also (mention.Policy.Mixed.Presence, Polarity), or off (default: the policy's)"),
		pointless:     fs.String("pointless", "", "an add-only category verdict gives an indicator that only mentions with no point name its point (mention.Policy.CategoryAddPointless): on or off (default: the policy's)"),
		neutralPoint:  fs.String("neutral-point", "", "a deciding category classifier's neutral verdict takes the point its mentions vote (mention.Policy.CategoryNeutralPoint): on or off (default: the policy's)"),
	}
}

// onOff parses a bench flag's on|off value into *dst; "" leaves it.
func onOff(name, v string, dst *bool) error {
	switch v {
	case "":
	case "on", "off":
		*dst = v == "on"
	default:
		return fmt.Errorf("--%s %q: want on or off", name, v)
	}
	return nil
}

// indicatorPolicy applies the indicator flags to p (nil: the default policy); it returns p
// unchanged when all are "".
func indicatorPolicy(p *mention.Policy, f indicatorFlags) (*mention.Policy, error) {
	if *f.mixed == "" && *f.mixedCategory == "" && *f.neutralPoint == "" && *f.pointless == "" {
		return p, nil
	}
	p = policyOrDefault(p)
	if err := onOff("mixed", *f.mixed, &p.Mixed.Mentions); err != nil {
		return nil, err
	}
	if err := onOff("neutral-point", *f.neutralPoint, &p.CategoryNeutralPoint); err != nil {
		return nil, err
	}
	if err := onOff("pointless", *f.pointless, &p.CategoryAddPointless); err != nil {
		return nil, err
	}
	switch v := *f.mixedCategory; v {
	case "":
	case "off":
		p.Mixed.Presence = 0
	default:
		a, b, err := presencePolarity("mixed-category", v, "PRESENCE,POLARITY or off")
		if err != nil {
			return nil, err
		}
		p.Mixed.Presence, p.Mixed.Polarity = a, b
	}
	return p, nil
}
