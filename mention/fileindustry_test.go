package mention

import (
	"math"
	"testing"
)

// FileIndustry: a record naming none stays with its file's dominant industry unless its own
// score for another industry the model knows beats the dominant one's by DominantLeaveMargin
// (then "": inferred on its own).
func TestFileIndustry(t *testing.T) {
	f := func(margin float64, dominant, text, want string) {
		t.Helper()
		p := *defaultPolicy()
		p.DominantLeaveMargin = margin
		if got := p.FileIndustry(testGraph, text, dominant); got != want {
			_, gap, _ := p.leaveGap(testGraph, text, dominant)
			t.Errorf("FileIndustry(margin %g, %q, %q) = %q, want %q (gap %.2f)", margin, dominant, text, got, want, gap)
		}
	}
	def := defaultPolicy().DominantLeaveMargin
	// A shop file: shop reviews stay, whatever single word they share with another industry.
	f(def, "ecommerce", "宝贝收到了，质量很好，物流也快", "ecommerce")
	f(def, "ecommerce", "这本书的作者写得很好，包装也不错", "ecommerce")
	f(def, "ecommerce", "手机的WiFi老是掉线，信号很差", "ecommerce") // telecom words: the model does not know telecom
	f(def, "ecommerce", "苹果的颜色很正哦，又脆又甜的！", "ecommerce")
	// ... and a record whose own text points clearly elsewhere leaves.
	f(def, "ecommerce", "外卖送得很快，饭菜还是热的，米饭有点硬", "")
	f(def, "ecommerce", "发动机噪音大，油耗也高，4S店保养太贵", "")
	f(def, "ecommerce", "花呗额度怎么提升，借呗还款日是哪天", "")
	f(def, "ecommerce", "房间很干净，前台服务热情，早餐丰富", "")
	// Another file's dominant industry: the same rule.
	f(def, "food_delivery", "外卖送得很快，饭菜还是热的，米饭有点硬", "food_delivery")
	f(def, "food_delivery", "宝贝收到了，质量很好，物流也快", "")
	f(def, "automotive", "发动机噪音大，油耗也高，4S店保养太贵", "automotive")
	// An industry the model does not know as the dominant one: no score to compare, all stay.
	f(def, "telecom", "外卖送得很快，饭菜还是热的，米饭有点硬", "telecom")
	// No dominant industry: every record is inferred on its own.
	f(def, "", "宝贝收到了，质量很好，物流也快", "")
	// +Inf: no record leaves (the rule before session 12); a margin of 0 lets any better-scoring industry leave.
	f(math.Inf(1), "ecommerce", "外卖送得很快，饭菜还是热的，米饭有点硬", "ecommerce")
	f(0, "ecommerce", "外卖送得很快，饭菜还是热的，米饭有点硬", "")
	f(0, "ecommerce", "宝贝收到了，质量很好，物流也快", "ecommerce")
	// No model: keywords cannot be weighed against the file, all stay.
	p := *defaultPolicy()
	p.IndustryModel = nil
	if got := p.FileIndustry(testGraph, "外卖送得很快，饭菜还是热的", "ecommerce"); got != "ecommerce" {
		t.Errorf("no model: %q, want ecommerce", got)
	}
}
