package main

import (
	"reflect"
	"slices"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

func TestImplicitPolicy(t *testing.T) {
	def := mention.DefaultPolicy()
	f := func(in string, wantOn bool, wantPres, wantPol float64, wantErr bool) {
		t.Helper()
		p, err := implicitPolicy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		if p == nil {
			p = &def
		}
		if p.CategoryAddMentions != wantOn || p.CategoryAddMentionPresence != wantPres || p.CategoryAddMentionPolarity != wantPol {
			t.Fatalf("%q: got %v %v,%v want %v %v,%v", in, p.CategoryAddMentions, p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity, wantOn, wantPres, wantPol)
		}
	}
	f("", def.CategoryAddMentions, def.CategoryAddMentionPresence, def.CategoryAddMentionPolarity, false)
	f("on", true, def.CategoryAddMentionPresence, def.CategoryAddMentionPolarity, false)
	f("off", false, def.CategoryAddMentionPresence, def.CategoryAddMentionPolarity, false)
	f("0.95,0.8", true, 0.95, 0.8, false)
	f(" 0.9 , 0.7", true, 0.9, 0.7, false)
	f("0.9", false, 0, 0, true)
	f("0,0.7", false, 0, 0, true)
	f("0.9,1.5", false, 0, 0, true)
	f("是,0.7", false, 0, 0, true)
}

func TestImplicitIndustriesPolicy(t *testing.T) {
	def := mention.DefaultPolicy()
	f := func(in string, want []string, wantErr bool) {
		t.Helper()
		p, err := implicitIndustriesPolicy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		if p == nil {
			p = &def
		}
		if !slices.Equal(p.CategoryAddMentionIndustries, want) {
			t.Fatalf("%q: got %q want %q", in, p.CategoryAddMentionIndustries, want)
		}
	}
	f("", []string{"ecommerce", "food_delivery"}, false)
	f("food_delivery", []string{"food_delivery"}, false)
	f("ecommerce, food_delivery", []string{"ecommerce", "food_delivery"}, false)
	f("ecommerce,", nil, true)
	f("电商", nil, true)
	f("Ecommerce", nil, true)
}

func TestImplicitScopePolicy(t *testing.T) {
	f := func(in string, want map[string]mention.ImplicitScope, wantErr bool) {
		t.Helper()
		p, err := implicitScopePolicy(nil, in)
		if (err != nil) != wantErr {
			t.Fatalf("%q: err %v, want error %v", in, err, wantErr)
		}
		if err != nil {
			return
		}
		if p == nil {
			d := mention.DefaultPolicy()
			p = &d
		}
		if !reflect.DeepEqual(p.CategoryAddMentionScope, want) {
			t.Fatalf("%q: got %v want %v", in, p.CategoryAddMentionScope, want)
		}
	}
	food := map[string]mention.ImplicitScope{"food_delivery": mention.FoodDeliveryScope()}
	f("", food, false)
	f("words", food, false)
	f("termless", map[string]mention.ImplicitScope{"food_delivery": {}}, false)
	f("none", map[string]mention.ImplicitScope{}, false)
	f("off", nil, true)
	f("Words", nil, true)
}
