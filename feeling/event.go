package feeling

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Complaint events of a customer's turn (Policy.JudgeCustomerTurn): what a customer says
// went wrong without an opinion word, as a family of the label guide's categories
// (bench/testdata/chat_turns.md) rather than single words — an inability, a verb + 不了
// (查不了, 评价不了, 实名不了) or 无法 + a verb (无法提交) — in a turn that does not ask or
// request (Inquiry: 开不了收据吗, 报销不了，能修改重新开吗 ask what can be done). Named on the
// chat DEV turns (dev3's misses: bench/results/raw/chatcomp-s10-dev-misses.md); urging
// (快点, 催一下) was tried and left out: on dev it also read a polite closing 好的  稍微快点发货.
// Read in customer turns only, never an agent's or the system's (an agent's 无法为您办理 is
// the agent's voice, not the customer's feeling).

// notInability are the characters before 不了 that make no inability (少不了, 免不了,
// 大不了, 差不了, 错不了, 忘不了, 跑不了: idioms; 来不了, 去不了, 走不了: a plan, not a fault;
// 为不了, 了不了).
const notInability = "少免大差错忘跑来去走为了"

// suppositions make a clause a supposition or a worry, where an event is not asserted
// (如果退不了怎么办, 怕联系不上).
var suppositions = []string{"如果", "要是", "万一", "的话", "怕", "担心", "会不会", "是否"}

// CustomerEvent returns the first complaint event of a customer's turn (see above), or "":
// none in a turn that asks or requests (Inquiry); not negated (Negated), not in a clause of
// supposition or worry, not an A-not-A question (退得了退不了), not 不了解 (understand) or
// 不了多久 (it will not take long).
func CustomerEvent(text string) string {
	if Inquiry(text) {
		return ""
	}
	for i := 0; i < len(text); {
		end, next := clauseAt(text, i)
		if c := text[i:end]; c != "" && !containsAny(c, suppositions) {
			if e := clauseEvent(c); e != "" {
				return e
			}
		}
		i = next // clauseAt always moves past i: a clause's runes or its breaks
	}
	return ""
}

// clauseEvent is CustomerEvent within one clause.
func clauseEvent(c string) string {
	for i := range c {
		rest := c[i:]
		switch {
		case strings.HasPrefix(rest, "不了") && i > 0:
			v, w := utf8.DecodeLastRuneInString(c[:i])
			after := rest[len("不了"):]
			if !unicode.Is(unicode.Han, v) || strings.ContainsRune(notInability, v) ||
				strings.HasPrefix(after, "解") || strings.HasPrefix(after, "多") ||
				strings.HasSuffix(c[:i-w], string(v)+"得了") || Negated(c[:i-w]) {
				continue
			}
			return string(v) + "不了"
		case strings.HasPrefix(rest, "无法"):
			a, _ := utf8.DecodeRuneInString(rest[len("无法"):])
			if unicode.Is(unicode.Han, a) && !Negated(c[:i]) {
				return "无法"
			}
		}
	}
	return ""
}

// containsAny says s holds one of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
