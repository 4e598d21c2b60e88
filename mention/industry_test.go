package mention

import "testing"

// A record naming no industry gets the inferred one when the inference is sure enough
// (IndustryFloor), else the general e-commerce reading.
func TestIndustry(t *testing.T) {
	f := func(text, want string, fallback bool) {
		t.Helper()
		id, _, fb := DefaultPolicy.Industry(testGraph, text)
		if id != want || fb != fallback {
			t.Errorf("Industry(%q) = %s (fallback %v), want %s (fallback %v)", text, id, fb, want, fallback)
		}
	}
	f("油耗有点高，空间很大", "automotive", false)
	f("外卖送得很快", "food_delivery", false)
	f("手机有点卡", "ecommerce", false)
	f("今天天气不错", "ecommerce", true)               // nothing detected
	f("外观看上去还不错，不过有人不太喜欢镜面的", "ecommerce", true) // automotive, but weakly (0.11)
	f("商家售后服务态度好", "ecommerce", true)            // automotive at 0.06
	p := DefaultPolicy
	p.FallbackIndustry = ""
	if id, _, fb := p.Industry(testGraph, "今天天气不错"); id != "" || fb {
		t.Errorf("no fallback industry: got %q (fallback %v), want none", id, fb)
	}
}
