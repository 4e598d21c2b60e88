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
