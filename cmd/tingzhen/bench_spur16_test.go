package main

import (
	"slices"
	"testing"
)

// --spur16: "" and off leave the policy, on turns spur16's rules on, anything else is an error.
func TestSpur16Policy(t *testing.T) {
	f := func(in string, wantOn, wantErr bool) {
		t.Helper()
		p, err := spur16Policy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		on := p != nil && slices.Equal(p.Spurious.HeadlineIndustries, []string{"telecom", "banking", "hotel_travel"})
		if on != wantOn || (!wantOn && p != nil) {
			t.Fatalf("%q: got policy %v (rules on %v), want rules on %v", in, p != nil, on, wantOn)
		}
	}
	f("", false, false)
	f("off", false, false)
	f("on", true, false)
	f("yes", false, true)
}
