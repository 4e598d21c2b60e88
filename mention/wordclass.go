package mention

import (
	"slices"
	"strings"
	"unicode"
)

// headClassPOS are the jieba tags of a word that names no thing (HeadWordClass): adverbs,
// adjectives (not an, an adjectival noun: 卫生), idioms, pronouns, numerals and measure
// words, time words and direction words. The tags of nonAspectPOS (conjunctions, particles,
// interjections …) count too. Verbs are not listed: the APC and ASTE sets label verb terms
// (洗, 排队) and jieba tags nouns v (位置); with v, vd, vi DEV lost APC DEV open 0.6032 →
// 0.5576 and ASTE carve triplet F1 0.3196 → 0.3112 on terms of any length (0.5916 and
// 0.3148 without verbs).
var headClassPOS = []string{
	"d", "df", "dg", // adverbs
	"a", "ad", "ag", // adjectives only
	"i",                   // idioms (物美价廉)
	"r", "rg", "rr", "rz", // pronouns
	"m", "mg", "mq", "q", // numerals, measure words
	"t", "tg", // time words (今天, 晚上)
	"f", // direction words (上 of 机上, 里)
}

// headWordClass reports whether the model term [s, e) is one word that can name no aspect
// (SpuriousPolicy.HeadWordClass): the tagger reads the term as exactly one word (its head
// and all of it; punctuation and spaces aside), tagged with a class of headClassPOS or
// nonAspectPOS (稳定/a, 今天/t, 附近/f). A term whose edges the tagger does not place on word
// boundaries, a term of several words (驾驶位置: jieba tags 位置 v; judged by its head word,
// the last, such terms cost DEV: ASTE carve triplet F1 0.3186 → 0.3148, APC DEV open 0.6009
// → 0.5916 against one-word terms only), or a word
// jieba only guessed (x) or left untagged, is left alone. Without tagged words the rule does
// nothing. The caller applies it only to terms no graph term covers (source model): what
// the pack knows is never dropped by it.
func (d *Draft) headWordClass(s, e int) bool {
	pos := d.dictPOS(s, e) // the tagger cut [s, e) as one word its dictionary knows
	if pos == "" || blankWord(string(d.rs[s:e])) {
		return false
	}
	return slices.Contains(headClassPOS, pos) || slices.Contains(nonAspectPOS, pos)
}

// blankWord reports whether a word is only punctuation, symbols and spaces.
func blankWord(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool {
		return !unicode.IsPunct(r) && !unicode.IsSpace(r) && !unicode.IsSymbol(r)
	}) < 0
}
