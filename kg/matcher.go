package kg

import (
	"strings"
	"unicode/utf8"
)

// foldRune maps full-width ASCII to ASCII and upper-case ASCII letters to lower case, so that
// "ＡＰＰ", "APP" and "app" match the same term. It maps one rune to one rune, so rune offsets
// in the original text stay valid.
func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	} else if r == 0x3000 {
		r = ' '
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// normalize folds a term for lookup (see foldRune) and trims spaces.
func normalize(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// matcher is an Aho–Corasick automaton over runes. It is immutable after build.
type matcher struct {
	next     map[uint64]int32 // (state<<32 | rune) → state
	fail     []int32
	out      []int32 // pattern ending at this state, or -1
	dict     []int32 // nearest state on the fail chain (excluding self) with out ≥ 0, or -1
	patterns []string
	lens     []int32 // pattern length in runes
}

// newMatcher builds an automaton over the given (already normalized, distinct, non-empty) patterns.
func newMatcher(patterns []string) *matcher {
	m := &matcher{next: make(map[uint64]int32), fail: []int32{0}, out: []int32{-1}, dict: []int32{-1}}
	children := [][]int32{nil}
	for pi, p := range patterns {
		s := int32(0)
		n := int32(0)
		for _, r := range p {
			n++
			k := uint64(s)<<32 | uint64(uint32(r))
			t, ok := m.next[k]
			if !ok {
				t = int32(len(m.fail))
				m.next[k] = t
				m.fail = append(m.fail, 0)
				m.out = append(m.out, -1)
				m.dict = append(m.dict, -1)
				children = append(children, nil)
				children[s] = append(children[s], t)
			}
			s = t
		}
		if n == 0 {
			continue
		}
		m.patterns = append(m.patterns, p)
		m.lens = append(m.lens, n)
		if m.out[s] < 0 {
			m.out[s] = int32(len(m.patterns) - 1)
		}
		_ = pi
	}
	// Rune on the edge into each state, for the BFS.
	edge := make([]rune, len(m.fail))
	for k, t := range m.next {
		edge[t] = rune(uint32(k))
	}
	queue := append([]int32(nil), children[0]...)
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, t := range children[s] {
			r := edge[t]
			f := m.fail[s]
			for {
				if nt, ok := m.next[uint64(f)<<32|uint64(uint32(r))]; ok && nt != t {
					m.fail[t] = nt
					break
				}
				if f == 0 {
					m.fail[t] = 0
					break
				}
				f = m.fail[f]
			}
			ft := m.fail[t]
			if m.out[ft] >= 0 {
				m.dict[t] = ft
			} else {
				m.dict[t] = m.dict[ft]
			}
			queue = append(queue, t)
		}
	}
	return m
}

func (m *matcher) step(s int32, r rune) int32 {
	for {
		if t, ok := m.next[uint64(s)<<32|uint64(uint32(r))]; ok {
			return t
		}
		if s == 0 {
			return 0
		}
		s = m.fail[s]
	}
}

// hit is one pattern occurrence, in rune offsets [Start, End).
type hit struct {
	Pattern int32
	Start   int
	End     int
}

// findAll reports every occurrence (overlapping included) in text order of end position.
func (m *matcher) findAll(text string, fn func(h hit)) {
	if m == nil || len(m.patterns) == 0 {
		return
	}
	s := int32(0)
	pos := 0
	for _, r := range text {
		s = m.step(s, foldRune(r))
		pos++
		for t := s; t >= 0; t = m.dict[t] {
			if o := m.out[t]; o >= 0 {
				fn(hit{Pattern: o, Start: pos - int(m.lens[o]), End: pos})
			}
		}
	}
}

// findLongest returns leftmost-longest, non-overlapping occurrences in text order.
func (m *matcher) findLongest(text string) []hit {
	return m.findLongestWhere(text, nil)
}

// findLongestWhere is findLongest over the occurrences keep accepts (nil: all).
func (m *matcher) findLongestWhere(text string, keep func(h hit) bool) []hit {
	if m == nil || len(m.patterns) == 0 {
		return nil
	}
	n := utf8.RuneCountInString(text)
	var small [64]int32
	var best []int32 // best[start] = pattern+1 of the longest pattern starting there
	if n <= len(small) {
		best = small[:n]
	} else {
		best = make([]int32, n)
	}
	any := false
	m.findAll(text, func(h hit) {
		if keep != nil && !keep(h) {
			return
		}
		b := best[h.Start]
		if b == 0 || m.lens[b-1] < m.lens[h.Pattern] {
			best[h.Start] = h.Pattern + 1
		}
		any = true
	})
	if !any {
		return nil
	}
	var hits []hit
	for p := 0; p < n; {
		if b := best[p]; b > 0 {
			l := int(m.lens[b-1])
			hits = append(hits, hit{Pattern: b - 1, Start: p, End: p + l})
			p += l
			continue
		}
		p++
	}
	return hits
}
