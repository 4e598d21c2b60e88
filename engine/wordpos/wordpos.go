package wordpos

import "github.com/tingzhen/tingzhen/engine/segment"

// Tag ids, the values of a model's word_tags input. 0 is padding, as id 0 is [PAD].
const (
	Pad     int64 = 0 // padded position
	Special int64 = 1 // [CLS], [SEP] (span -1)
	B       int64 = 2 // starts a word of two or more characters and does not reach its end
	M       int64 = 3 // neither starts nor ends its word
	E       int64 = 4 // ends a word of two or more characters, started after the word's start
	S       int64 = 5 // starts and ends its word(s): a one-character word, or a token covering whole words
)

// Names of the tag ids, index = id.
var Names = [...]string{"PAD", "SPECIAL", "B", "M", "E", "S"}

// Tags returns one tag id per token. starts and ends are the tokens' [start, end)
// code-point spans in the text (negative for special tokens, as tokenize.Encoding has them);
// words are the text's words with code-point spans (segment.Segmenter.Tag). A token starts a
// word when its first character is a word's first character, and ends one when its last
// character is a word's last; characters no word covers count as one-character words. A
// token whose span is empty or out of range is tagged S.
func Tags(starts, ends []int, words []segment.Word) []int64 {
	n := 0
	for _, e := range ends {
		if e > n {
			n = e
		}
	}
	for _, w := range words {
		if w.End > n {
			n = w.End
		}
	}
	// begins[i]: a word starts at code point i; closes[i]: a word ends after code point i.
	begins := make([]bool, n)
	closes := make([]bool, n)
	covered := make([]bool, n)
	for _, w := range words {
		if w.Start < 0 || w.End > n || w.Start >= w.End {
			continue
		}
		begins[w.Start] = true
		closes[w.End-1] = true
		for i := w.Start; i < w.End; i++ {
			covered[i] = true
		}
	}
	for i := range covered {
		if !covered[i] {
			begins[i], closes[i] = true, true
		}
	}
	out := make([]int64, len(starts))
	for k := range starts {
		s, e := starts[k], -1
		if k < len(ends) {
			e = ends[k]
		}
		switch {
		case s < 0 || e < 0:
			out[k] = Special
		case s >= e || e > n:
			out[k] = S
		default:
			out[k] = tag(begins[s], closes[e-1])
		}
	}
	return out
}

func tag(begin, end bool) int64 {
	switch {
	case begin && end:
		return S
	case begin:
		return B
	case end:
		return E
	}
	return M
}
