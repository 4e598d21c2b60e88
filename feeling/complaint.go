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

// turnCues are complaint cues read in conversation turns only (TurnComplaint): an
// objection to what the shop or the agent did (明明 我设定的公司抬头, 发票怎么是个人), and
// an account or app that does not work. Chosen on the chat DEV turns. The second group was
// added on the second DEV set (chat_turns_dev2.jsonl), whose complaints the first lists
// caught only 0.425 of: generic customer-service phrases of the label guide's categories,
// none a whole DEV sentence — money or goods not come (不到账, 没拿到, 还没给, 都还没, 没反应),
// something failed (怎么回事, 失败), urging with anxiety (着急, 急着用, 等着用, 赶紧, 催单),
// a defect (掉色, 褪色, 偏偏), late (慢了), a refusal objected to (不接受, 拒绝), a problem that
// persists (一直: 一直显示, 一直错误; all 7 DEV and dev2 turns with 一直 are complaints).
var turnCues = []string{"明明", "怎么是", "登录不了", "登不上", "进不去",
	"不到账", "没拿到", "还没给", "都还没", "没反应", "没有反应", "怎么回事", "失败",
	"着急", "急着用", "等着用", "赶紧", "催单", "掉色", "褪色", "偏偏", "慢了", "不接受", "拒绝", "一直"}

var turnCuesByFirst = indexByFirst(turnCues)

// waitCues are turn cues read only with Policy.MoreTurnCues (off: chat15, session 15, see
// bench/results/feeling.md): two more families of the label guide's "late / no update" and
// "urging", named on dev3 and train2's misses — time already waited (好几天了, 等了好久了,
// 都一个礼拜了, 还得等这么长时间), no answer or nothing found (也没回复, 什么也没做,
// 查不到物流信息), and asking to chase (催一下, 催下, 天天催: 7 of the 8 customer turns of the
// four DEV sets with 催 are complaints; not in a polite request with 麻烦, politeChase).
var waitCues = []string{"好几天", "几天了", "好久了", "等了好久", "这么久", "这么长时间", "一个礼拜了", "一个星期了",
	"没回复", "没有回复", "什么也没", "查不到", "催"}

var waitCuesByFirst = indexByFirst(waitCues)

// TurnComplaint returns the first complaint cue of a conversation turn (in text order): a
// Complaint cue or a turnCues cue that is not negated (Negated: 看有没有问题, 没有质量问题),
// or a rhetorical 不是…吗 in one clause (不是[数字x]天无理由退货的吗, 不是显示免费调货吗:
// the customer holds what was promised against what happened; the A-not-A question 是不是…吗
// is not one). "" when there is none.
func TurnComplaint(text string) string { return turnComplaint(text, false) }

// turnComplaint is TurnComplaint; more reads waitCues too (Policy.MoreTurnCues).
func turnComplaint(text string, more bool) string {
	for i, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		for _, c := range cuesByFirst[r] {
			if strings.HasPrefix(text[i:], c) && !asks(text[:i], c) && !Negated(text[:i]) {
				return c
			}
		}
		for _, c := range turnCuesByFirst[r] {
			if strings.HasPrefix(text[i:], c) && !Negated(text[:i]) {
				return c
			}
		}
		if more {
			for _, c := range waitCuesByFirst[r] {
				if strings.HasPrefix(text[i:], c) && !Negated(text[:i]) && !politeChase(text, c) &&
					!(strings.HasPrefix(c, "没") && strings.HasSuffix(text[:i], "有")) { // 有没有回复: asks

					return c
				}
			}
		}
		if strings.HasPrefix(text[i:], "不是") && !strings.HasSuffix(text[:i], "是") && rhetoricalMa(text[i+len("不是"):]) {
			return "不是…吗"
		}
	}
	return ""
}

// politeChase says the cue c is 催 in a polite request (麻烦您帮我催下): the label guide's
// polite request to hurry is a question, not a complaint.
func politeChase(text, c string) bool {
	return c == "催" && strings.Contains(text, "麻烦")
}

// Negated says a cue right after before is negated by 没, 没有 or 无 (没有问题, 看有没有问题,
// 以没有质量问题为由, 无质量问题): the customer says nothing went wrong, or asks whether it
// did. Turns only; reviews keep Complaint.
func Negated(before string) bool {
	return strings.HasSuffix(before, "没") || strings.HasSuffix(before, "没有") || strings.HasSuffix(before, "无")
}

// rhetoricalMa says the clause that follows 不是 ends in the question particle 吗 (before
// any clause break; a space breaks too: it joins separate messages of one turn), and the
// 吗 does not close a yes/no request (不是防城港港口区可以吗: a correction, then a question).
func rhetoricalMa(after string) bool {
	for i, r := range after {
		switch {
		case r == '吗':
			before := after[:i]
			for _, q := range []string{"可以", "能", "行", "对", "好", "是"} {
				if strings.HasSuffix(before, q) {
					return false
				}
			}
			return true
		case r == '[' || r == ']':
			continue
		case clauseBreak(r):
			return false
		}
	}
	return false
}
