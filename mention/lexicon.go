package mention

import (
	"bufio"
	"embed"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// Lexicon token kinds.
const (
	lexNeutral  = iota // a blocker such as 快递 (contains 快) or 不好意思, and clause punctuation
	lexOpinion         // weight ±1
	lexNegation        // weight = softening degree (1 plain, 0.5 for 不太)
	lexDegree          // weight = multiplier
)

type lexEntry struct {
	kind int
	w    float64
	// opinion is the opinion weight of a degree word that is also an opinion word (好: 好慢
	// vs 很好); 0 for the others.
	opinion float64
}

// lexicon is the opinion lexicon: word → entry, matched longest first at each position.
type lexicon struct {
	words map[string]lexEntry
	lens  []int         // the words' distinct lengths in runes, longest first
	first map[rune]bool // runes that start a word
}

// loadLexicon is built once per process; the result is immutable.
var loadLexicon = sync.OnceValue(func() *lexicon {
	lx := &lexicon{words: map[string]lexEntry{}}
	// Later files win: function words (negations, degrees) and blockers override opinion
	// lists, so that 不是 / 毫不 are negations and not opinion words.
	files := []struct {
		name string
		kind int
		w    float64
	}{
		{"positive.txt", lexOpinion, 1}, {"negative.txt", lexOpinion, -1},
		{"extra_positive.txt", lexOpinion, 1}, {"extra_negative.txt", lexOpinion, -1},
		{"degree.txt", lexDegree, 0}, {"negation.txt", lexNegation, 0}, {"neutral.txt", lexNeutral, 0},
	}
	for _, f := range files {
		b, err := lexiconFS.ReadFile("lexicon/" + f.name)
		if err != nil {
			continue // embedded at build time; cannot be missing
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			word, wstr, _ := strings.Cut(line, "\t")
			word = strings.TrimSpace(word)
			e := lexEntry{kind: f.kind, w: f.w}
			if f.kind == lexDegree || f.kind == lexNegation {
				e.w = 1
				if v, err := strconv.ParseFloat(strings.TrimSpace(wstr), 64); err == nil {
					e.w = v
				}
			}
			lx.add(word, e)
		}
	}
	// Clause punctuation ends the reach of a negation or degree word (没有，很满意).
	for _, p := range clausePunct {
		lx.add(string(p), lexEntry{kind: lexNeutral})
	}
	lx.add("\n", lexEntry{kind: lexNeutral})
	seen := map[int]bool{}
	lx.first = map[rune]bool{}
	for w := range lx.words {
		n := utf8.RuneCountInString(w)
		if !seen[n] {
			seen[n] = true
			lx.lens = append(lx.lens, n)
		}
		r, _ := utf8.DecodeRuneInString(w)
		lx.first[r] = true
	}
	sort.Sort(sort.Reverse(sort.IntSlice(lx.lens)))
	return lx
})

// opinionAt reports whether s starts with an opinion word of the lexicon (亏本, 挑剔).
func (lx *lexicon) opinionAt(s string) bool {
	rs := []rune(s)
	for _, n := range lx.lens {
		if n <= len(rs) {
			if e, ok := lx.words[string(rs[:n])]; ok && e.kind == lexOpinion {
				return true
			}
		}
	}
	return false
}

func (lx *lexicon) add(word string, e lexEntry) {
	if word == "" {
		return
	}
	if old, ok := lx.words[word]; ok && old.kind == lexOpinion && e.kind == lexDegree {
		e.opinion = old.w
	}
	lx.words[word] = e
}

// lexHit is one lexicon word found in a text, in rune offsets [start, end).
type lexHit struct {
	lexEntry
	start, end int
}

// scan returns the leftmost-longest, non-overlapping lexicon words of rs[from:to].
func (lx *lexicon) scan(rs []rune, from, to int) []lexHit { return lx.scanSkip(rs, from, to, nil) }

// scanSkip is scan without the occurrences skip rejects (nil rejects none).
func (lx *lexicon) scanSkip(rs []rune, from, to int, skip func(s, e int) bool) []lexHit {
	text := string(rs[from:to])
	offs := make([]int, 0, to-from+1) // byte offset of each rune of text, and the end
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	n := len(offs) - 1
	var hits []lexHit
	for p := 0; p < n; {
		found := false
		if lx.first[rs[from+p]] {
			for _, k := range lx.lens {
				if k > n-p {
					continue
				}
				if e, ok := lx.words[text[offs[p]:offs[p+k]]]; ok && (skip == nil || !skip(from+p, from+p+k)) {
					hits = append(hits, lexHit{e, from + p, from + p + k})
					p += k
					found = true
					break
				}
			}
		}
		if !found {
			p++
		}
	}
	return hits
}

// opinionExpr is one opinion word with the negations and degree words that modify it
// (不是很好: 不是 + 很 + 好), in rune offsets [start, end); score is its signed strength.
type opinionExpr struct {
	start, end int
	score      float64
	core       lexHit // the opinion word itself
	negated    bool
}

// expressions groups the lexicon hits of rs[from:to] into opinion expressions. A negation
// or degree word reaches at most ModifierReach characters (see Policy).
func (lx *lexicon) expressions(rs []rune, from, to, reach int) []opinionExpr {
	return lx.exprs(lx.scan(rs, from, to), from, to, reach, nil)
}

// exprs groups the hits lying inside [from, to) into opinion expressions. splits, when not
// nil, reports a gap [s, e) that a second negation of a chain may not reach across (a term:
// 没有赠品这一点不太好, NegationPolicy.TermSplitsChain); that negation starts a new chain.
func (lx *lexicon) exprs(all []lexHit, from, to, reach int, splits func(s, e int) bool) []opinionExpr {
	var hits []lexHit
	for i, h := range all {
		if h.start >= from && h.end <= to {
			if hits == nil {
				hits = all[i:i:len(all)]
			}
			hits = append(hits, h)
		} else if hits != nil {
			break
		}
	}
	var out []opinionExpr
	neg, deg, soft := 0, 1.0, 1.0
	modStart, modEnd := -1, -1
	reset := func() { neg, deg, soft, modStart, modEnd = 0, 1, 1, -1, -1 }
	for i, h := range hits {
		if modEnd >= 0 && h.start-modEnd > reach {
			reset()
		}
		// A degree word that is also an opinion word (好) is the opinion when no opinion
		// word follows it within reach (很好 vs 好慢).
		if h.kind == lexDegree && h.opinion != 0 {
			next := i + 1
			for next < len(hits) && hits[next].kind == lexDegree && hits[next].start-hits[next-1].end <= reach {
				next++
			}
			if next >= len(hits) || hits[next].kind != lexOpinion || hits[next].start-h.end > reach {
				h.kind, h.w = lexOpinion, h.opinion
			}
		}
		switch h.kind {
		case lexNeutral:
			reset()
		case lexNegation:
			if neg > 0 && splits != nil && splits(modStart, h.start) {
				reset() // 没有|赠品|这一点不太好: the first negation is the term's
			}
			neg++
			soft *= h.w
			if modStart < 0 {
				modStart = h.start
			}
			modEnd = h.end
		case lexDegree:
			deg *= h.w
			if modStart < 0 {
				modStart = h.start
			}
			modEnd = h.end
		case lexOpinion:
			v := h.w * deg
			if neg%2 == 1 {
				v = -v * 0.8 * soft
			}
			s := h.start
			if modStart >= 0 {
				s = modStart
			}
			out = append(out, opinionExpr{start: s, end: h.end, score: v, core: h, negated: neg%2 == 1})
			reset()
		}
	}
	return out
}

// LexiconPolarity scores text with the embedded opinion lexicon (a few hundred positive and
// negative words derived from HowNet/NTUSD/Tsinghua, plus review words; see
// lexicon/LICENSE.md). Negations (不/没/没有/别/未 …) flip the opinion word that follows
// them within a few characters (not at full strength: 不好 is less negative than 差);
// softeners (不太/不怎么) flip and halve; degree adverbs (很/非常/太/有点 …) scale. score is
// in [-1, 1]; polarity is "positive" when score ≥ LexiconThreshold, "negative" when
// ≤ −LexiconThreshold, else "neutral" (also for text without opinion words).
func LexiconPolarity(text string) (polarity string, score float64) {
	rs := []rune(text)
	sum := 0.0
	for _, x := range loadLexicon().expressions(rs, 0, len(rs), defaultModifierReach) {
		sum += x.score
	}
	return lexiconLabel(sum, defaultLexiconThreshold)
}

func lexiconLabel(sum, threshold float64) (string, float64) {
	score := math.Round(math.Tanh(sum/1.5)*1000) / 1000
	switch {
	case score >= threshold:
		return Positive, score
	case score <= -threshold:
		return Negative, score
	}
	return Neutral, score
}
