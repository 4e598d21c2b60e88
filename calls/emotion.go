package calls

import (
	_ "embed"
	"fmt"
	"github.com/tingzhen/tingzhen/mention"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The emotion lexicon: emotion_lexicon.tsv is derived from the DUTIR emotion ontology
// (大连理工大学情感词汇本体, academic use only) by derive_emotion_lexicon.py;
// emotion_supplement.tsv is the project's own colloquial call-center additions.
//
//go:embed emotion_lexicon.tsv
var dutirTSV string

//go:embed emotion_supplement.tsv
var supplementTSV string

// Emotions and their polarity (+1 positive, -1 negative, 0 neither).
var emotionPolarity = map[string]int{
	"anger": -1, "disgust": -1, "annoyance": -1, "anxiety": -1, "sadness": -1, "disappointment": -1,
	"criticism": -1, "doubt": -1,
	"joy": 1, "relief": 1, "satisfaction": 1, "praise": 1, "respect": 1, "trust": 1, "wish": 1,
	"surprise": 0,
}

type emoEntry struct {
	emotion   string
	intensity int
}

// EmotionLexicon finds emotion words in text (longest match, negation-aware).
type EmotionLexicon struct {
	words   map[string]emoEntry
	maxLen  int
	entries int
}

// EmotionHit is one emotion word found in a turn.
type EmotionHit struct {
	Word      string `json:"word"`
	Emotion   string `json:"emotion"`
	Intensity int    `json:"intensity"` // 1..9 (DUTIR scale)
	Start     int    `json:"start"`     // code-point offset in the cleaned text
}

// NewEmotionLexicon loads the embedded lexicons.
func NewEmotionLexicon() (*EmotionLexicon, error) {
	l := &EmotionLexicon{words: make(map[string]emoEntry, 24000)}
	for _, src := range []struct{ name, text string }{{"emotion_lexicon.tsv", dutirTSV}, {"emotion_supplement.tsv", supplementTSV}} {
		for n, line := range strings.Split(src.text, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 3 {
				return nil, fmt.Errorf("emotion lexicon %s line %d: want 3 tab-separated fields", src.name, n+1)
			}
			in, err := strconv.Atoi(f[2])
			if _, ok := emotionPolarity[f[1]]; (!ok && f[1] != "-") || err != nil || in < 0 || in > 9 {
				return nil, fmt.Errorf("emotion lexicon %s line %d: bad emotion %q or intensity %q", src.name, n+1, f[1], f[2])
			}
			if f[1] == "-" {
				delete(l.words, f[0]) // a supplement line that removes a word
				continue
			}
			l.words[f[0]] = emoEntry{f[1], in}
			if k := len([]rune(f[0])); k > l.maxLen {
				l.maxLen = k
			}
		}
	}
	l.entries = len(l.words)
	return l, nil
}

// Len is the number of words.
func (l *EmotionLexicon) Len() int { return l.entries }

// Find returns the emotion words of text, longest match first, skipping negated ones
// (不/没/别 … within the two characters before the word). words, when given, is the
// text's segmentation: a match must then start and end on word boundaries, so that
// 不安 is not found in 不安排.
func (l *EmotionLexicon) Find(text string, words []string) []EmotionHit {
	// rs are the code points of text and off[k] the byte offset of rs[k] (off[len(rs)] =
	// len(text)): candidate words are substrings of text, so the lookups allocate nothing.
	rs := make([]rune, 0, len(text))
	off := make([]int, 0, len(text)+1)
	for b, r := range text {
		rs = append(rs, r)
		off = append(off, b)
	}
	off = append(off, len(text))
	var bound []bool
	if len(words) > 0 {
		bound = make([]bool, len(rs)+1)
		p := 0
		for _, w := range words {
			bound[min(p, len(rs))] = true
			p += utf8.RuneCountInString(w)
		}
		bound[min(p, len(rs))] = true
		if p != len(rs) {
			bound = nil // segmentation does not cover the text: no boundary check
		}
	}
	var hits []EmotionHit
	for i := 0; i < len(rs); {
		found := 0
		if bound == nil || bound[i] { // with a segmentation a match starts on a boundary
			for n := min(l.maxLen, len(rs)-i); n >= 1; n-- {
				if bound != nil && !bound[i+n] {
					continue
				}
				w := text[off[i]:off[i+n]]
				if e, ok := l.words[w]; ok {
					neg := (i >= 1 && mention.IsNegator(rs[i-1])) || (i >= 2 && mention.IsNegator(rs[i-2]) && !isBreak(rs[i-1]))
					if !neg {
						hits = append(hits, EmotionHit{Word: w, Emotion: e.emotion, Intensity: e.intensity, Start: i})
					}
					found = n
					break
				}
			}
		}
		if found == 0 {
			found = 1
		}
		i += found
	}
	return hits
}

// EmotionScore is the weight of one emotion over a turn or a call.
type EmotionScore struct {
	Emotion string  `json:"emotion"`
	Score   float64 `json:"score"` // sum of intensity/9 over the hits
	Count   int     `json:"count"`
}

func summarizeEmotions(hits []EmotionHit) []EmotionScore {
	if len(hits) == 0 {
		return nil
	}
	m := map[string]*EmotionScore{}
	for _, h := range hits {
		s := m[h.Emotion]
		if s == nil {
			s = &EmotionScore{Emotion: h.Emotion}
			m[h.Emotion] = s
		}
		s.Score += float64(h.Intensity) / 9
		s.Count++
	}
	out := make([]EmotionScore, 0, len(m))
	for _, s := range m {
		s.Score = math.Round(s.Score*1000) / 1000
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Emotion < out[j].Emotion
	})
	return out
}
