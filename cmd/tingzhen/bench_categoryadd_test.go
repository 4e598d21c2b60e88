package main

import (
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

func TestCategoryAddPolicy(t *testing.T) {
	def := mention.DefaultPolicy()
	f := func(in string, wantPres, wantPol float64, wantErr bool) {
		t.Helper()
		p, err := categoryAddPolicy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		if p == nil {
			p = &def
		}
		if p.CategoryAddPresence != wantPres || p.CategoryAddPolarity != wantPol {
			t.Fatalf("%q: got %v,%v want %v,%v", in, p.CategoryAddPresence, p.CategoryAddPolarity, wantPres, wantPol)
		}
	}
	f("", def.CategoryAddPresence, def.CategoryAddPolarity, false)
	f("0.9,0.7", 0.9, 0.7, false)
	f(" 0.95 , 0.5", 0.95, 0.5, false)
	f("off", 0, def.CategoryAddPolarity, false)
	f("0.9", 0, 0, true)
	f("1.5,0.5", 0, 0, true)
	f("0,0.5", 0, 0, true)
	f("0.9,-1", 0, 0, true)
	f("高,0.5", 0, 0, true)
}
