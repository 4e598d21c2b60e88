package mention

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// Negation words have one home: the lexicon's negation.txt (lexicon/), which the lexicon
// reads with each word's weight (不 1, 不太 0.5). Every rule that needs negation words
// reads these views of it, and the call analyser's emotion lexicon reads IsNegator:
//
//   - negatorRunes: the lexicon's one-character negations (不 没 无 未 非 别), without
//     literaryNegators (莫 勿 甭: they mostly begin words of their own, 莫名其妙, rather
//     than negate one). A word beginning with one is negated (startsWithNegator: 没问题,
//     不错); so is one beginning with the lexicon's 毫无.
//   - askNegations: the negations that, in a why/how clause, make it a complaint about
//     something that does not happen (为什么不帮我开通借呗): 不 and 没 of negatorRunes.
//   - notAsking: words holding a negator or a question word that neither negate an event
//     nor ask (不怎么 is "not very": 不怎么脱发 is praise, not a question about 脱发; 不知道
//     negates the asker's knowledge, not what is asked about).

// literaryNegators are one-character negations of negation.txt that are no negator prefix.
const literaryNegators = "莫勿甭"

// negatorRunes are the lexicon's one-character negations, literaryNegators aside.
var negatorRunes = sync.OnceValue(func() map[rune]bool {
	m := map[rune]bool{}
	for _, w := range lexiconNegations() {
		if r, n := utf8.DecodeRuneInString(w); n == len(w) && !strings.ContainsRune(literaryNegators, r) {
			m[r] = true
		}
	}
	return m
})

// lexiconNegations returns the lexicon's negation words (negation.txt, as loaded: a word a
// later file redefines is not one), in no order.
func lexiconNegations() []string {
	lx := loadLexicon()
	var ws []string
	for w, e := range lx.words {
		if e.kind == lexNegation {
			ws = append(ws, w)
		}
	}
	return ws
}

// IsNegator reports whether r is a one-character negation (不 没 无 未 非 别) of the
// mention lexicon.
func IsNegator(r rune) bool { return negatorRunes()[r] }

// negatorPrefixes are the lexicon's multi-character negations that begin a negated word
// without beginning with a negator rune (毫无特色).
var negatorPrefixes = []string{"毫无"}

// startsWithNegator reports whether a word begins with a negation (没问题, 不错, 毫无特色).
func startsWithNegator(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return (n > 0 && IsNegator(r)) || hasPrefixAny(w, negatorPrefixes)
}

// askNegations: a why/how question (complaintAsk) about something that does not happen is a
// complaint (为什么不帮我开通蚂蚁借呗, 为什么这个订单不可以花呗支付, 没有吸管怎么喝), as are
// the complaintHint words. handchecked_dev F1 0.537 → 0.547, per-mention polarity 0.841 →
// 0.860; the mapping_*.jsonl set indicator+point 0.658 → 0.661, car val mentions 0.504 →
// 0.505; APC validation buckets unchanged. (Without notAskNegations: 0.545, two more wrong
// pains.)
var askNegations = []string{"不", "没"}

// notAskNegations are negations of the asker's own knowledge or wish (他不知道怎么处理,
// 如果我不想用花呗怎么设置), and 不怎么 ("not very": it neither negates an event nor asks);
// 没什么 / 没啥 ("nothing": 没什么突出的) and 想象 (我想象中的, not 我想 "I want") hold a
// question word (questionWords: 什么, 我想) but ask nothing (spur12, session 12).
var notAskNegations = []string{"不知道", "不想", "不清楚", "不懂", "不明白", "不会用", "不怎么", "没什么", "没有什么", "不是什么", "没啥", "不算什么", "我想象", "想象"}

// notAsking blanks from a clause the words that hold a negator or a question word but
// neither negate what is asked about nor ask (notAskNegations): 不怎么掉发 is praise, not a
// question about 掉发 (car val mentions micro-F1 0.505 → 0.506 when it was added), and
// 他不知道怎么处理 is no complaint.
func notAsking(clause string) string {
	if strings.Contains(clause, "什么") { // the regexp's only literal: most clauses skip it
		clause = negatedWhat.ReplaceAllString(clause, "${1}。")
	}
	return blank(clause, notAskNegations)
}

// negatedWhat is 什么 after a negation at most two characters before it (不想要什么补偿, 没买
// 什么): an indefinite "any", not a question (spur12, session 12).
var negatedWhat = regexp.MustCompile(`((?:不|没)[^，。？！?!,、\s]{0,2})什么`)

// askedNegation reports a negation in a why/how clause (the caller has found the question
// word; complaintHow questions are out already).
func askedNegation(clause string) bool {
	clause = notAsking(clause)
	return containsAny(clause, complaintAsk) && containsAny(clause, askNegations)
}
