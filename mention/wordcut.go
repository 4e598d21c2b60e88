package mention

import (
	"strings"

	"github.com/tingzhen/tingzhen/kg"
)

// wordCut puts a model term [s, e) on jieba's word boundaries (Policy.WordCutTerms), where
// jieba's dictionary knows the word the term cuts, after snapOut (a widening of at most
// SnapMaxGrow characters that eats nothing of the triplet's opinion: 拖 → 拖到) and
// refineTerm; it reports false when the term is a
// fragment and no aspect. An edge inside a word that edgeOK lets stand (价格|实惠: the
// dictionary joined a term and its opinion), or inside a word jieba only guessed (tagged x,
// or cut otherwise by the tagger: 糖芋|苗料 cuts the dish 糖芋苗), stays as the model put it.
//
//   - A term inside one longer dictionary word is a fragment when the word negates it (小心
//     of 一不小心, 意思 of 没意思). It is kept when it is a dictionary noun itself, read alone (价格 of 价格昂贵,
//     品种 of 品种繁多, 海鲜 of 吃海鲜: the dictionary joined the noun and its opinion or
//     verb; a verbal noun, vn, counts as no noun here: 预计); otherwise it takes the whole
//     word when that word is a noun (香格 → 香格里拉酒店, ouch → itouch4, 预计 →
//     预计送达时间) and is a fragment when it is not (拖 of 拖到).
//   - A term that runs into a word not a noun leaves that word's piece out (功力深 of 深厚 →
//     功力, 示借呗 of 显示 → 借呗), and is a fragment when nothing is left (电话发 across
//     打电话|发短信). One that runs into a noun stays (9AT高速 of 高速超车: jieba's nouns run
//     over a term's edge as often as the term is wrong).
//
// A term that is one of the pack's terms (all: every graph term occurrence in the sentence)
// stands as it is, whatever jieba made of it (快递 in 快|递给|力), and so does any span
// without word boundaries.
func (d *Draft) wordCut(s, e int, all []kg.TermMatch) (int, int, bool) {
	if d.s.Words == nil || e <= s {
		return s, e, true
	}
	for _, m := range all {
		if m.Start == s && m.End == e {
			return s, e, true // a term the pack knows, whatever jieba made of it (快|递给|力)
		}
	}
	cutS := !d.bound[s] && !d.edgeOK(s, -1)
	cutE := !d.bound[e] && !d.edgeOK(e, +1)
	if !cutS && !cutE {
		return s, e, true
	}
	if ws, we := d.wordAt(s); e <= we { // inside one word
		pos, own := d.dictPOS(ws, we), d.ownPOS(s, e)
		switch {
		case pos == "":
			return s, e, true
		case s > ws && strings.ContainsRune(wordNegators, d.rs[s-1]):
			return s, e, false // 小心 of 一不小心: what the word negates is no aspect
		case own != "vn" && nounTag(own):
			return s, e, true
		case nounTag(pos):
			return ws, we, true
		}
		return s, e, false
	}
	ns, ne := s, e
	if cutS {
		if ws, we := d.wordAt(s); d.dictPOS(ws, we) != "" && !nounTag(d.dictPOS(ws, we)) {
			ns = we
		}
	}
	if cutE {
		if ws, we := d.wordAt(e - 1); d.dictPOS(ws, we) != "" && !nounTag(d.dictPOS(ws, we)) {
			ne = ws
		}
	}
	if ne <= ns {
		return s, e, false
	}
	return ns, ne, true
}

// wordAt returns the span of the jieba word that holds the character at i.
func (d *Draft) wordAt(i int) (int, int) {
	a, b := i, i+1
	for a > 0 && !d.bound[a] {
		a--
	}
	for b < len(d.rs) && !d.bound[b] {
		b++
	}
	return a, b
}

// dictPOS returns jieba's tag of the word [s, e) when the tagger cut the same word and its
// dictionary knows it ("" for an unknown word, tagged x, or a word the tagger cut otherwise).
func (d *Draft) dictPOS(s, e int) string {
	for _, w := range d.tagWords() {
		if w.Start == s && w.End == e && w.POS != "x" {
			return w.POS
		}
	}
	return ""
}

// ownPOS returns jieba's tag of the text [s, e) read alone, when the tagger reads it as one
// word ("" otherwise).
func (d *Draft) ownPOS(s, e int) string {
	if d.s.Tag == nil {
		return ""
	}
	ws := d.s.Tag(string(d.rs[s:e]))
	if len(ws) != 1 || ws[0].POS == "x" {
		return ""
	}
	return ws[0].POS
}

// wordNegators, inside a dictionary word, negate what follows them in it (一不小心, 没意思).
const wordNegators = "不没无未别非"

// nounTag reports whether a jieba tag names a noun (n, nr, ns, nz …, vn, a foreign word
// eng): a plausible aspect.
func nounTag(pos string) bool {
	return strings.HasPrefix(pos, "n") || pos == "vn" || pos == "eng"
}
