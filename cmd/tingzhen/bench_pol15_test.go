package main

import (
	"slices"
	"testing"
)

// --pol15: "" and off leave the policy, on turns pol15's rules on, anything else is an error.
func TestPol15Policy(t *testing.T) {
	f := func(in string, wantOn, wantErr bool) {
		t.Helper()
		p, err := pol15Policy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		on := p != nil && p.TermSenseOverDirection && p.StandardSideNegative && p.ItchNeverPositive && slices.Equal(p.MediocreNegativeIndustries, []string{"ecommerce"})
		if on != wantOn || (!wantOn && p != nil) {
			t.Fatalf("%q: got policy %v (rules on %v), want rules on %v", in, p != nil, on, wantOn)
		}
	}
	f("", false, false)
	f("off", false, false)
	f("on", true, false)
	f("yes", false, true)
}
