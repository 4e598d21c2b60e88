package main

import (
	"flag"
	"fmt"

	"github.com/tingzhen/tingzhen/mention"
)

// registerFoodRules adds --food-rules to a bench command: "" or "on" leaves the policy as it
// is; "off" turns food16's food_delivery rules off (mention.Policy.FoodRulesOff: dish names,
// dish routes, attitude owners, food cues; on by default).
func registerFoodRules(fs *flag.FlagSet) *string {
	return fs.String("food-rules", "", "food16's food_delivery mention rules of session 16 (mention.Policy DishName, DishRoutes, ActorOwners, IndustryCues): on or off (default: the policy's, on)")
}

// foodRulesPolicy applies --food-rules to p (nil: the default policy); it returns p unchanged
// when v is "" or "on".
func foodRulesPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	switch v {
	case "", "on":
		return p, nil
	case "off":
	default:
		return nil, fmt.Errorf("--food-rules %q: want on or off", v)
	}
	p = policyOrDefault(p)
	p.FoodRulesOff()
	return p, nil
}
