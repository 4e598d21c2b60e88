package mention

import (
	"reflect"
	"testing"
)

// The inability cue (point.go): a clause stating that something cannot be done or was taken
// is a complaint, one line per case.
func TestInability(t *testing.T) {
	f := func(clause string, want bool) {
		t.Helper()
		if got := inability(clause); got != want {
			t.Errorf("inability(%q) = %v, want %v", clause, got, want)
		}
	}
	f("花呗暂时不能交话费", true)
	f("不能分期付款", true)
	f("上MSN，结果已无法登陆了", true)
	f("话费就这样被扣了几十块", true)
	f("在联系人界面不能通过方向盘按键操作", true)
	f("能不能给我开花呗额度", false)        // A-not-A: a wish
	f("可不可以分期", false)            // A-not-A
	f("吃新疆菜撸串不能少了爽口解腻的凉菜", false) // necessity
	f("店里总不能亏本吧", false)          // advice
	f("不能错过的鳊鱼", false)           // advice
	f("好吃得不能再好吃", false)          // degree
	f("美得无法形容", false)            // praise
	f("活动大打折扣了", false)           // 扣 of 大打折扣 takes nothing
	f("送餐很快", false)
}

// Through the policy: a term with no opinion of its own in an inability clause is a pain;
// in a question it stays neutral (那倒车影像就用不了了是吧？ asks). No aspect-polarity model;
// each line: industry, sentence, sentiment, expected mentions as
// term|opinion|polarity|point|indicator.
func TestInabilityMentions(t *testing.T) {
	f := func(industry, text, sentiment string, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sentiment, 0.9)))
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("banking", "因花呗余额不足，不能分期付款，怎么办", "negative", "分期付款||negative|pain|分期服务")
	f("automotive", "在联系人界面不能通过方向盘按键操作。", "negative", "方向盘按键||negative|pain|配置")
	f("automotive", "那倒车影像就用不了了是吧？", "neutral", "倒车影像||neutral||配置")
}
