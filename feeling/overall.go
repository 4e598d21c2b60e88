package feeling

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// overallMarkers open the clause that carries a review's overall judgement: a contrast
// (但是 …, what follows outweighs what came before) or a summary (总的来说 …). anywhere
// marks those that are markers wherever they stand; the others (不过, 只是, 但) only at
// the start of the text or of a clause, since they are also parts of words (再好不过).
var overallMarkers = []struct {
	m        string
	anywhere bool
}{
	{"总的来说", true}, {"总的来讲", true}, {"总的说来", true}, {"总而言之", true}, {"总体来说", true}, {"总体来讲", true},
	{"总体上", true}, {"总体", true}, {"整体来说", true}, {"整体上", true}, {"整体", true}, {"总之", true}, {"综上", true},
	{"但是", true}, {"可是", true}, {"然而", true}, {"不过", false}, {"只是", false}, {"但", false},
}

// overallMinRunes: an overall clause shorter than this (但是。) says nothing on its own.
const overallMinRunes = 2

// Overall returns the byte offset in text where its overall judgement starts: the last
// contrast or summary marker (overallMarkers), when what follows it has at least two
// letters and something precedes it. ok is false when text has no such marker.
func Overall(text string) (start int, ok bool) {
	best := -1
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '总', '整', '综', '但', '可', '然', '不', '只':
			for _, om := range overallMarkers {
				if !strings.HasPrefix(text[i:], om.m) || (!om.anywhere && !clauseStart(text, i)) {
					continue
				}
				if i > 0 && hasWord(text[:i]) && letters(text[i+len(om.m):]) >= overallMinRunes {
					best = i
				}
				break // the longest marker at i (overallMarkers lists longer ones first) decides
			}
		}
		i += w
	}
	return best, best >= 0
}

// clauseStart: at is the start of text or follows punctuation or a space.
func clauseStart(text string, at int) bool {
	if at == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:at])
	return !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

func letters(t string) int {
	n := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// Mix weights the overall judgement's probabilities into the whole text's: (1−w)·doc + w·overall,
// per label (negative, neutral, positive).
func Mix(doc, overall [3]float32, w float32) [3]float32 {
	var out [3]float32
	for k := range out {
		out[k] = (1-w)*doc[k] + w*overall[k]
	}
	return out
}
