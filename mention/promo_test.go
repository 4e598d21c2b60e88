package mention

import "testing"

// Each line: a record's text, the cue count that makes an advertisement, whether it is one.
func TestPromotional(t *testing.T) {
	f := func(text string, n int, want bool) {
		t.Helper()
		if got := promotional(text, n); got != want {
			t.Errorf("promotional(%q, %d) = %v, want %v", text, n, got, want)
		}
	}
	f("在工行这取现，已经四十多分钟过去了，真慢啊 我在这里:http://t.cn/zj55Pdb", 2, false)          // a check-in link is one cue
	f("可惜流量限制又不能看视频 我在:http://t.cn/zY91Fmc http://t.cn/zY91Fmd", 2, false) // two links are still one
	f("转发抽奖 http://t.cn/zY91Fmc", 2, true)                                 // 转发, 抽奖, a link
	f("详情见 http://t.cn/zY91Fmc", 2, true)                                  // 详情 and a link
	f("t.cn/zY91Fmc", 1, true)                                             // one link meets a threshold of one
	f("欢迎您入住本酒店，即日起豪华间仅需198元", 2, true)
	f("小编觉得这家酒店的早餐很丰富", 2, false)
	f("房间干净舒适", 2, false)
}
