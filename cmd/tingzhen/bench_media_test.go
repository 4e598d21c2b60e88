package main

import "testing"

func TestMediaPolicy(t *testing.T) {
	f := func(in string, wantOn, wantErr bool) {
		t.Helper()
		p, err := mediaPolicy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil || p == nil {
			return
		}
		if on := p.MediaPlace != nil && p.VerifierKeep != nil; on != wantOn {
			t.Fatalf("%q: on %v, want %v", in, on, wantOn)
		}
	}
	f("", false, false)
	f("on", true, false)
	f("off", false, false)
	f("yes", false, true)
}
