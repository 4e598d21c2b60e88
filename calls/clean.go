package calls

import (
	"strings"
	"unicode"
)

// CleanStats counts what Clean changed in one turn.
type CleanStats struct {
	Fillers  int `json:"fillers"`  // filler words removed (嗯, 呃, 那个 …)
	Stutters int `json:"stutters"` // repeated characters / words collapsed
	Digits   int `json:"digits"`   // spoken digit runs turned into numerals (幺二三幺五 → 12315)
}

// fillerRunes are hesitation sounds that never carry meaning in customer-service speech.
var fillerRunes = map[rune]bool{'嗯': true, '呃': true, '唔': true, '呣': true, '额': false}

// leadFillers are removed at the start of a turn or a clause (after a space or punctuation).
var leadFillers = []string{"就是说", "然后呢", "那个", "就是", "然后", "啊", "哦", "诶", "欸", "呀", "哎"}

// anywhereFillers are removed wherever they occur.
var anywhereFillers = []string{"就是说", "怎么说呢", "你知道吧", "对吧对吧"}

var spokenDigit = map[rune]byte{'零': '0', '〇': '0', '幺': '1', '一': '1', '二': '2', '两': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9'}

// singleStutter are characters whose doubling is an ASR/speech stutter, not reduplication.
var singleStutter = map[rune]bool{'我': true, '你': true, '他': true, '她': true, '就': true, '是': true, '这': true, '那': true, '在': true, '要': true, '不': true, '有': true, '的': true, '了': true}

// Clean normalises one ASR turn before the models see it: hesitation fillers go,
// stutters and repeated words collapse, runs of four or more spoken digits become numerals.
// Meaningful reduplication (谢谢, 看看, 慢慢) is kept.
func Clean(text string) (string, CleanStats) {
	var st CleanStats
	rs := []rune(strings.TrimSpace(text))
	// 1. filler sounds anywhere.
	out := rs[:0:0]
	for _, r := range rs {
		if fillerRunes[r] {
			st.Fillers++
			continue
		}
		out = append(out, r)
	}
	rs = out
	// 2. multi-character fillers anywhere, and at clause starts.
	s := string(rs)
	for _, f := range anywhereFillers {
		if n := strings.Count(s, f); n > 0 {
			st.Fillers += n
			s = strings.ReplaceAll(s, f, " ")
		}
	}
	rs = []rune(s)
	rs = dropLeadFillers(rs, &st)
	// 3. stutters: a run of 3+ identical characters → 2 (1 for pronouns/function words);
	// a doubled function character → 1; an adjacent repeated 2–4 character word → once.
	// (spoken digits first, so 零零零 in a phone number is not taken for a stutter).
	rs = spokenDigits(rs, &st)
	rs = collapseRuns(rs, &st)
	rs = collapseRepeats(rs, &st)
	return strings.Join(strings.Fields(string(rs)), " "), st
}

func isBreak(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '～' || r == '~'
}

func dropLeadFillers(rs []rune, st *CleanStats) []rune {
	out := make([]rune, 0, len(rs))
	atStart := true
	for i := 0; i < len(rs); {
		if atStart {
			matched := false
			for _, f := range leadFillers {
				fr := []rune(f)
				if hasPrefixRunes(rs[i:], fr) && len(rs)-i > len(fr) {
					// keep "那个" when a classifier use follows (那个订单): only drop it when
					// what follows is another filler, a pronoun or a clause break.
					if f == "那个" || f == "就是" || f == "然后" {
						nx := rs[i+len(fr)]
						if !isBreak(nx) && !strings.ContainsRune("我你他她这那就嗯啊呃", nx) {
							continue
						}
					}
					i += len(fr)
					st.Fillers++
					matched = true
					break
				}
			}
			if matched {
				continue
			}
		}
		r := rs[i]
		out = append(out, r)
		atStart = isBreak(r)
		i++
	}
	return out
}

func hasPrefixRunes(s, p []rune) bool {
	if len(s) < len(p) {
		return false
	}
	for i := range p {
		if s[i] != p[i] {
			return false
		}
	}
	return true
}

func collapseRuns(rs []rune, st *CleanStats) []rune {
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		r := rs[i]
		keep := n
		switch {
		case unicode.IsDigit(r) || r < 0x80:
			keep = n
		case singleStutter[r] && n >= 2:
			keep = 1
		case n >= 3 && !isBreak(r):
			keep = 2
		}
		if keep < n {
			st.Stutters++
		}
		for k := 0; k < keep; k++ {
			out = append(out, r)
		}
		i = j
	}
	return out
}

func collapseRepeats(rs []rune, st *CleanStats) []rune {
	for n := 4; n >= 2; n-- {
		out := make([]rune, 0, len(rs))
		for i := 0; i < len(rs); {
			if i+2*n <= len(rs) && hasPrefixRunes(rs[i+n:], rs[i:i+n]) && !hasBreak(rs[i:i+n]) && !allDigits(rs[i:i+n]) && !reduplicated(rs[i:i+n]) {
				out = append(out, rs[i:i+n]...)
				j := i + n
				for j+n <= len(rs) && hasPrefixRunes(rs[j:], rs[i:i+n]) {
					j += n
				}
				st.Stutters++
				i = j
				continue
			}
			out = append(out, rs[i])
			i++
		}
		rs = out
	}
	return rs
}

// reduplicated says a 2-rune word is AA (谢谢): then AAAA was already collapsed to AA.
func reduplicated(w []rune) bool { return len(w) == 2 && w[0] == w[1] }

func hasBreak(w []rune) bool {
	for _, r := range w {
		if isBreak(r) {
			return true
		}
	}
	return false
}

func allDigits(w []rune) bool {
	for _, r := range w {
		if _, ok := spokenDigit[r]; !ok && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func spokenDigits(rs []rune, st *CleanStats) []rune {
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) {
			if _, ok := spokenDigit[rs[j]]; ok {
				j++
				continue
			}
			if rs[j] >= '0' && rs[j] <= '9' && j > i {
				j++
				continue
			}
			break
		}
		if j-i >= 4 {
			for _, r := range rs[i:j] {
				if d, ok := spokenDigit[r]; ok {
					out = append(out, rune(d))
				} else {
					out = append(out, r)
				}
			}
			st.Digits++
			i = j
			continue
		}
		if j == i {
			j = i + 1
		}
		out = append(out, rs[i:j]...)
		i = j
	}
	return out
}
