package kg

import (
	"bufio"
	"embed"
	"math"
	"strconv"
	"strings"
	"sync"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// Lexicon token kinds.
const (
	lexNeutral  = iota // a blocker such as 快递 (contains 快) or 不好意思
	lexOpinion         // weight ±1
	lexNegation        // weight = softening degree (1 plain, 0.5 for 不太)
	lexDegree          // weight = multiplier
)

type lexEntry struct {
	kind int
	w    float64
}

type lexicon struct {
	m       *matcher
	entries []lexEntry // per pattern
}

// loadLexicon is built once per process; the result is immutable.
var loadLexicon = sync.OnceValue(func() *lexicon {
	type item struct {
		word string
		e    lexEntry
	}
	byWord := map[string]lexEntry{}
	var order []string
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
			e := lexEntry{kind: f.kind, w: f.w}
			if f.kind == lexDegree || f.kind == lexNegation {
				e.w = 1
				if v, err := strconv.ParseFloat(strings.TrimSpace(wstr), 64); err == nil {
					e.w = v
				}
			}
			word = normalize(word)
			if _, seen := byWord[word]; !seen {
				order = append(order, word)
			}
			byWord[word] = e
		}
	}
	// Clause punctuation ends the reach of a negation or degree word (没有，很满意).
	for _, p := range []string{"，", "。", "！", "？", "；", "、", ",", ".", "!", "?", ";", "~", "～", "\n"} {
		p = normalize(p)
		if p == "" {
			continue
		}
		if _, seen := byWord[p]; !seen {
			order = append(order, p)
		}
		byWord[p] = lexEntry{kind: lexNeutral}
	}
	lx := &lexicon{m: newMatcher(order)}
	lx.entries = make([]lexEntry, len(lx.m.patterns))
	for i, p := range lx.m.patterns {
		lx.entries[i] = byWord[p]
	}
	return lx
})

// modifierReach is how many characters may separate a negation or degree word from the
// opinion word it modifies (不是很好: 不是 … 好).
const modifierReach = 3

// LexiconPolarity scores text with the embedded opinion lexicon (a few hundred positive and
// negative words derived from HowNet/NTUSD/Tsinghua, plus review words; see
// lexicon/LICENSE.md). Negations (不/没/没有/别/未 …) flip the opinion word that follows
// them within a few characters (not at full strength: 不好 is less negative than 差);
// softeners (不太/不怎么) flip and halve; degree adverbs (很/非常/太/有点 …) scale. score is
// in [-1, 1]; polarity is "positive" when score ≥ 0.25, "negative" when ≤ −0.25, else
// "neutral" (also for text without opinion words).
func LexiconPolarity(text string) (polarity string, score float64) {
	lx := loadLexicon()
	sum := 0.0
	neg, deg := 0, 1.0
	soft := 1.0
	modEnd := -1
	reset := func() { neg, deg, soft, modEnd = 0, 1, 1, -1 }
	for _, h := range lx.m.findLongest(text) {
		e := lx.entries[h.Pattern]
		if modEnd >= 0 && h.Start-modEnd > modifierReach {
			reset()
		}
		switch e.kind {
		case lexNeutral:
			reset()
		case lexNegation:
			neg++
			soft *= e.w
			modEnd = h.End
		case lexDegree:
			deg *= e.w
			modEnd = h.End
		case lexOpinion:
			v := e.w * deg
			if neg%2 == 1 {
				v = -v * 0.8 * soft
			}
			sum += v
			reset()
		}
	}
	score = math.Round(math.Tanh(sum/1.5)*1000) / 1000
	switch {
	case score >= 0.25:
		return "positive", score
	case score <= -0.25:
		return "negative", score
	}
	return "neutral", score
}
