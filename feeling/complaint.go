package feeling

import (
	"strings"
	"unicode/utf8"
)

// complaintCues are phrases with which a customer asserts that something went wrong or
// objects to how it is handled (the label guide of bench/testdata/chat_turns.md: not
// received, late, no logistics update, defect, wrong item or invoice, refund not arrived,
// attitude, asked again, objecting, urging, impatience, threats). Generic phrases of those
// categories, checked on the chat DEV turns (not every DEV complaint is caught: a word that
// only one DEV turn used, such as 味道 or 涨价, is left out).
var complaintCues = []string{
	// not received, late, no update
	"没收到", "没有收到", "还没到", "还没送", "还没发", "还没有发", "还没出库", "还没到账", "没到账", "没有到账",
	"没有物流", "没有更新", "没更新", "没有进度", "一直没", "怎么还没", "怎么还是", "怎么还不", "怎么没", "怎么又",
	"为什么还没", "为什么还是", "为什么还不", "为什么没",
	// impatience, urging, asked again
	"人呢", "很急", "来不及", "几次了", "好几次",
	// defect, wrong item or invoice
	"搞错", "发错", "送错", "不对", "坏了", "破损", "损坏", "少发", "漏发", "不能用", "用不了", "没法用",
	"打不开", "有问题", "质量问题", "不符",
	// judgement, objection, threats
	"太慢", "这么慢", "太差", "这么差", "很差", "差评", "投诉", "不满意", "失望", "无语", "不靠谱",
	"凭什么", "太贵", "这么贵",
}

// cuesByFirst indexes complaintCues by their first character, so that Complaint reads the
// text once.
var cuesByFirst = indexByFirst(complaintCues)

func indexByFirst(words []string) map[rune][]string {
	m := map[rune][]string{}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = append(m[r], w)
	}
	return m
}

// Complaint returns the first complaint cue of text (in text order), or "".
func Complaint(text string) string {
	for i, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		for _, c := range cuesByFirst[r] {
			if strings.HasPrefix(text[i:], c) && !asks(text[:i], c) {
				return c
			}
		}
	}
	return ""
}

// asks says the cue c after before is the negative half of an A-not-A question (对不对,
// 能不能用), not a complaint.
func asks(before, c string) bool {
	r, _ := utf8.DecodeRuneInString(c[len("不"):])
	return strings.HasPrefix(c, "不") && strings.HasSuffix(before, string(r))
}
