package mention

import (
	"reflect"
	"testing"
)

// Pack direction through a magnitude or a change (policy.go magnitudeUp/magnitudeDown): with
// the aspect model's neutral triplet, the direction decides the polarity. One line per case:
// industry, sentence, term, opinion, the mentions as term|opinion|polarity|point|indicator.
func TestMagnitudeDirection(t *testing.T) {
	f := func(industry, text, term, opinion string, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, "neutral", 0.6, triplet(text, term, opinion, "neutral"))))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("automotive", "油耗有点高", "油耗", "有点高", "油耗|有点高|negative|pain|油耗")
	f("automotive", "油耗比以前降低了", "油耗", "降低", "油耗|降低|positive|pleasure|油耗")     // less of a bad thing
	f("automotive", "油耗比以前增加了", "油耗", "增加", "油耗|增加|negative|pain|油耗")      // more of a bad thing
	f("automotive", "后排空间变小了", "后排空间", "变小", "后排空间|变小|negative|pain|空间")  // less of a good thing
	f("automotive", "价格降低了两万", "价格", "降低", "价格|降低|positive|pleasure|价格")
	f("automotive", "胎噪明显增大", "胎噪", "增大", "胎噪|增大|negative|pain|舒适性")
}
