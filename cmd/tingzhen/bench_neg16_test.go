package main

import (
	"slices"
	"testing"
)

// --neg16: "" leaves the policy, on turns neg16's rules on, off sets them off (the default),
// anything else is an error.
func TestNeg16Policy(t *testing.T) {
	f := func(in string, wantPolicy, wantOn, wantErr bool) {
		t.Helper()
		p, err := neg16Policy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		if (p != nil) != wantPolicy {
			t.Fatalf("%q: got policy %v, want %v", in, p != nil, wantPolicy)
		}
		if p == nil {
			return
		}
		on := p.TermSenseOverDirection && p.StandardSideNegative && p.ItchNeverPositive && p.Cues.Expectation &&
			slices.Equal(p.MediocreNegativeIndustries, []string{"ecommerce", "food_delivery"}) && len(p.MediocreNegativeExcept["food_delivery"]) > 0
		off := !p.TermSenseOverDirection && !p.StandardSideNegative && !p.ItchNeverPositive && !p.Cues.Expectation &&
			len(p.MediocreNegativeIndustries) == 0 && p.MediocreNegativeExcept == nil && len(p.Cues.FaultWords) == 0
		if on != wantOn || off == wantOn {
			t.Fatalf("%q: rules on %v off %v, want on %v", in, on, off, wantOn)
		}
	}
	f("", false, false, false)
	f("on", true, true, false)
	f("off", true, false, false)
	f("yes", false, false, true)
}
