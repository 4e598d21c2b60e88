package main

import "testing"

// --food-rules: "" and on leave the policy, off clears food16's rules, anything else is an error.
func TestFoodRulesPolicy(t *testing.T) {
	f := func(in string, wantOff, wantErr bool) {
		t.Helper()
		p, err := foodRulesPolicy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		off := p != nil && p.DishName == nil && p.DishRoutes == nil && p.ActorOwners == nil && p.IndustryCues == nil
		if off != wantOff || (!wantOff && p != nil) {
			t.Fatalf("%q: got policy %v (rules off %v), want rules off %v", in, p != nil, off, wantOff)
		}
	}
	f("", false, false)
	f("on", false, false)
	f("off", true, false)
	f("no", false, true)
}
