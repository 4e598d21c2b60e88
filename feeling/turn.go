package feeling

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rules for turns of a conversation only (engine.Conversational; Policy.JudgeTurn,
// TurnModelText). A review keeps ModelText and Judge. Chosen on the chat DEV turns
// (bench/testdata/chat_turns_dev.jsonl) and its label guide (chat_turns.md).

// RuleInquiry: a turn that asks or requests without a complaint cue, read negative by the
// model, is neutral (the label guide: "an inquiry or request without a complaint: neutral").
const RuleInquiry = "inquiry"

// TurnModelText is the text the chat sentiment model reads for a turn: ModelText, without
// the clauses that only acknowledge or greet (好的, 好吧, 嗯嗯, 明白, 你好 — closing phrases that
// do not thank) when the turn says something else too. Those words are not the customer's
// feeling, and the model reads 好 in them as praise (好吧，那在考虑一下 came out positive).
func TurnModelText(text string) string {
	t := ModelText(text)
	if t == "" || !mayAck(t) || thanksWord(t) { // 好的，谢谢了: the acknowledgement belongs to the thanks
		return t
	}
	var b strings.Builder
	dropped, kept := false, false
	for i := 0; i < len(t); {
		j, k := clauseAt(t, i) // t[i:k]: the clause with its break(s)
		c := t[i:j]
		if a, th, ok := closingScan(c); ok && a > 0 && th == 0 {
			dropped = true
		} else {
			kept = kept || hasWord(c)
			b.WriteString(t[i:k])
		}
		i = k
	}
	if !dropped || !kept {
		return t
	}
	return strings.TrimSpace(b.String())
}

// mayAck is a quick test before TurnModelText splits a turn: it has a clause break and an
// acknowledgement's or greeting's character.
func mayAck(t string) bool {
	return strings.ContainsAny(t, "好嗯恩哦噢行对是明知了收ok你您早晚在拜再") && strings.IndexFunc(t, clauseBreak) >= 0
}

// Inquiry says a turn asks or requests: it ends in a question (?, 吗, 么, 嘛, 呢, before any
// trailing punctuation, emoji or masks), or it is a polite request (麻烦 … with thanks:
// 麻烦转告一下。谢谢).
func Inquiry(text string) bool {
	t := text
	for {
		t = strings.TrimRightFunc(t, func(r rune) bool {
			return unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '?' && r != '？' && r != ']') || unicode.IsSymbol(r)
		})
		m := strings.LastIndexByte(t, '[') // a trailing mask: 在吗 [姓名x]
		if !strings.HasSuffix(t, "]") || m < 0 || maskAt(t, m) != len(t)-m {
			break
		}
		t = t[:m]
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '?', '？', '吗', '么', '嘛', '呢':
		return true
	}
	return strings.Contains(text, "麻烦") && strings.Contains(text, "谢") // 谢谢, 感谢
}

// asksHowMaxRunes bounds AsksHow's turn.
const asksHowMaxRunes = 10

// requestWords mark a request (麻烦看一下, 帮我备注下, 请尽快发货). Known flaw, kept as measured
// (bench/results/feeling.md, chat15): 请 also matches inside 申请 (申请售后的 谢谢).
var requestWords = []string{"麻烦", "帮我", "帮忙", "请"}

// PoliteThanks says a turn is a request or a question with a thanks appended at its end
// (麻烦帮我查一下，谢谢; 好的，帮我备注下 谢谢; 备注留言有用吗? 谢谢了哈): its last clause only
// thanks, the rest asks (Inquiry) or requests (麻烦, 帮我, 帮忙, 请), and no run of closing
// clauses thanks for help received (ThanksPart: 好的谢谢 + a new question is positive). The
// label guide of bench/testdata/chat_turns.md: a 谢谢 appended to a request is politeness,
// neutral.
func PoliteThanks(text string) bool {
	if !thanksWord(text) || ThanksPart(text) {
		return false
	}
	last := -1 // start of the last clause with a word
	for i := 0; i < len(text); {
		j, next := clauseAt(text, i)
		if hasWord(text[i:j]) {
			last = i
		}
		i = next
	}
	if last <= 0 {
		return false
	}
	if a, th, ok := closingScan(text[last:]); !ok || th == 0 || a > 0 {
		return false
	}
	before := text[:last]
	return Inquiry(before) || containsAny(before, requestWords)
}

// AsksHow says a short turn of one clause asks how to do something without a question mark
// (怎么补救, 怎么弄): 怎么, 如何 or 咋 followed by one or two Han characters and a particle,
// in at most asksHowMaxRunes. A clause at the end of a longer turn may be a complaint's
// demand (我要的是解决问题的结果，…，要怎么解决); a complaint cue is read before it (怎么回事).
func AsksHow(text string) bool {
	t := strings.TrimFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
	if utf8.RuneCountInString(t) > asksHowMaxRunes || strings.IndexFunc(t, clauseBreak) >= 0 {
		return false
	}
	t = strings.TrimRight(t, "呢那啊呀")
	for _, q := range []string{"怎么", "如何", "咋"} {
		k := strings.LastIndex(t, q)
		if k < 0 {
			continue
		}
		after := t[k+len(q):]
		n := 0
		for _, r := range after {
			if !unicode.Is(unicode.Han, r) {
				n = -1
				break
			}
			n++
		}
		if n >= 1 && n <= 2 {
			return true
		}
	}
	return false
}
