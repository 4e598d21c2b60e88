package engine

import (
	"fmt"
	"reflect"
	"testing"
)

// TestIndicatorsThroughAnalyze: Result.Indicators, one per indicator, citing the mentions
// that name it, through the real models and packs; an indicator only an add-only category
// model found (source category, models/category-food_delivery) cites none.
func TestIndicatorsThroughAnalyze(t *testing.T) {
	f := func(industry, text string, want ...string) {
		t.Helper()
		r := analyze(t, Input{ID: "i", Text: text, Industry: industry})[0]
		var got []string
		for _, x := range r.Indicators {
			got = append(got, fmt.Sprintf("%s|%s|%s", x.ID, x.Polarity, x.Point))
			if len(x.Mentions) == 0 && x.Source != "category" {
				t.Errorf("%s: indicator %s cites no mention", text, x.ID)
			}
			for _, i := range x.Mentions {
				if i < 0 || i >= len(r.Aspects) || r.Aspects[i].KG == nil || r.Aspects[i].KG.IDs["indicator"] != x.ID {
					t.Errorf("%s: indicator %s cites mention %d of %d", text, x.ID, i, len(r.Aspects))
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q\naspects %+v", text, got, want, r.Aspects)
		}
	}
	f("ecommerce", "物流太慢了，包装倒是很结实", "delivery_time|negative|pain", "packaging|positive|pleasure")
	f("ecommerce", "给个好评价吧")
	f("ecommerce", "价格有点高，物流很快", "delivery_time|positive|pleasure", "price|negative|pain")
	// a bare aspect-model term holds the opinion of its own clause: 外卖 holds 太慢 → 配送时效;
	// category-food_delivery adds 餐品温度 (饭都凉了), which no mention places; the mention
	// verifier unplaces 饭 (its graph indicator 口味 is not what 饭都凉了 says), so no taste pain
	f("food_delivery", "外卖送得太慢了，饭都凉了", "delivery_time|negative|pain", "food_temperature|negative|pain")
	// the rider's attitude is the rider's service, not the restaurant's (态度 alone is 门店服务)
	f("food_delivery", "不过骑手态度还不错", "rider_service|positive|pleasure")
}

// TestCategoryDecidesCarIndicators: in automotive the category classifier decides the
// record-level presence and polarity of its dimensions; the mentions stay as evidence with
// their own polarity (油耗有点高 is a negative mention whatever the classifier says).
func TestCategoryDecidesCarIndicators(t *testing.T) {
	r := analyze(t, Input{ID: "c", Text: "油耗有点高，空间很大", Industry: "automotive"})[0]
	var fuel *Aspect
	for i := range r.Aspects {
		if a := &r.Aspects[i]; a.Term == "油耗" {
			fuel = a
		}
	}
	if fuel == nil || fuel.Polarity != "negative" || fuel.Point != "pain" || fuel.Opinion != "有点高" {
		t.Fatalf("油耗 mention %+v", fuel)
	}
	found := 0
	for _, x := range r.Indicators {
		if x.ID == "fuel_consumption" || x.ID == "space" {
			found++
			if x.Source != "category" {
				t.Errorf("%s: source %q, want category", x.ID, x.Source)
			}
		}
	}
	if found != 2 {
		t.Errorf("indicators %+v, want fuel_consumption and space decided by the classifier", r.Indicators)
	}
}
