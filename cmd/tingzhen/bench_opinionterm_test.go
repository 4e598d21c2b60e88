package main

import "testing"

func TestOpinionTermPolicy(t *testing.T) {
	f := func(in string, wantNil, wantOn, wantErr bool) {
		t.Helper()
		p, err := opinionTermPolicy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		if (p == nil) != wantNil {
			t.Fatalf("%q: nil policy %v, want %v", in, p == nil, wantNil)
		}
		if p == nil {
			return
		}
		if on := p.OpinionTerm.InnerSubject && p.OpinionTerm.Fold; on != wantOn {
			t.Fatalf("%q: on %v, want %v", in, on, wantOn)
		}
	}
	f("", true, false, false)
	f("on", false, true, false)
	f("off", false, false, false)
	f("yes", false, false, true)
}
