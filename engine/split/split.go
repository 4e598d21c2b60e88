package split

// Span is a piece of text with [Start, End) code-point offsets into the text it came from.
type Span struct {
	Text       string
	Start, End int
}

// Options tunes splitting. Zero values take the defaults.
type Options struct {
	// MaxRunes is the longest piece before clause splitting starts (default 80).
	MaxRunes int
	// MinRunes keeps pieces from becoming tiny when cutting at markers (default 6).
	MinRunes int
	// MaxUnpunctuated is the longest piece with no punctuation at all (ASR output) before it
	// is cut at discourse markers and particles (default 32).
	MaxUnpunctuated int
}

func (o Options) withDefaults() Options {
	if o.MaxRunes <= 0 {
		o.MaxRunes = 80
	}
	if o.MinRunes <= 0 {
		o.MinRunes = 6
	}
	if o.MaxUnpunctuated <= 0 || o.MaxUnpunctuated > o.MaxRunes {
		o.MaxUnpunctuated = min(32, o.MaxRunes)
	}
	if o.MinRunes > o.MaxRunes/2 {
		o.MinRunes = o.MaxRunes / 2
	}
	if o.MinRunes < 1 {
		o.MinRunes = 1
	}
	return o
}

func isTerminal(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '…', '\n', '｡':
		return true
	}
	return false
}

func isClause(r rune) bool {
	switch r {
	case '，', ',', '、', '：', ':', ' ', '~', '～':
		return true
	}
	return false
}

// closers may follow a terminal mark and belong to the same sentence.
func isCloser(r rune) bool {
	switch r {
	case '”', '’', '"', '\'', ')', '）', '」', '』', '】', '!', '?', '！', '？', '。', '…', '~', '～':
		return true
	}
	return false
}

var markers = []string{"但是", "可是", "不过", "然而", "然后", "而且", "并且", "所以", "因为", "结果", "还有", "另外", "就是说", "只是", "反正", "其实", "总之", "最后"}

var particles = map[rune]bool{'了': true, '吧': true, '啊': true, '呢': true, '吗': true, '呀': true, '哦': true, '嘛': true, '的': true}

// Sentences splits text into sentences and clause-sized pieces. Offsets are code points.
func Sentences(text string, opt Options) []Span {
	opt = opt.withDefaults()
	rs := []rune(text)
	var out []Span
	start := 0
	for i := 0; i < len(rs); i++ {
		if !isTerminal(rs[i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && isCloser(rs[j]) {
			j++
		}
		out = appendPiece(out, rs, start, j, opt)
		start = j
		i = j - 1
	}
	if start < len(rs) {
		out = appendPiece(out, rs, start, len(rs), opt)
	}
	return out
}

// appendPiece trims spaces off [s,e) and appends it, cut further when too long.
func appendPiece(out []Span, rs []rune, s, e int, opt Options) []Span {
	for s < e && rs[s] == ' ' {
		s++
	}
	for e > s && rs[e-1] == ' ' {
		e--
	}
	if s >= e {
		return out
	}
	if e-s <= opt.MaxUnpunctuated || (e-s <= opt.MaxRunes && hasPunct(rs[s:e])) {
		return append(out, Span{Text: string(rs[s:e]), Start: s, End: e})
	}
	if e-s <= opt.MaxRunes {
		// Unpunctuated and long: cut at markers when there are any, else keep whole.
		if cuts := markerCuts(rs, s, e, opt); len(cuts) > 0 {
			return hardCutAt(out, rs, s, e, cuts, opt)
		}
		return append(out, Span{Text: string(rs[s:e]), Start: s, End: e})
	}
	// Cut at clause punctuation, keeping pieces as long as possible up to MaxRunes.
	cuts := clauseCuts(rs, s, e, isClause)
	if len(cuts) == 0 {
		// No punctuation (ASR): every marker-delimited piece is a clause of its own.
		if cuts = markerCuts(rs, s, e, opt); len(cuts) > 0 {
			return hardCutAt(out, rs, s, e, cuts, opt)
		}
		return hardCut(out, rs, s, e, opt)
	}
	prev := s
	last := s
	for _, c := range append(cuts, e) {
		if c-prev > opt.MaxRunes && last > prev {
			out = appendPiece(out, rs, prev, last, opt)
			prev = last
		}
		last = c
	}
	if prev == s && last == e {
		// A single cut left pieces that still exceed the limit.
		return hardCutAt(out, rs, s, e, cuts, opt)
	}
	return appendPiece(out, rs, prev, e, opt)
}

func hardCutAt(out []Span, rs []rune, s, e int, cuts []int, opt Options) []Span {
	prev := s
	for _, c := range cuts {
		out = appendPiece(out, rs, prev, c, opt)
		prev = c
	}
	return appendPiece(out, rs, prev, e, opt)
}

// hasPunct reports whether rs holds any sentence or clause punctuation (spaces excluded).
func hasPunct(rs []rune) bool {
	for _, r := range rs {
		if r != ' ' && (isTerminal(r) || isClause(r)) {
			return true
		}
	}
	return false
}

// clauseCuts returns positions just after clause punctuation inside (s, e).
func clauseCuts(rs []rune, s, e int, is func(rune) bool) []int {
	var cuts []int
	for i := s; i < e-1; i++ {
		if is(rs[i]) && i+1 > s {
			cuts = append(cuts, i+1)
		}
	}
	return cuts
}

// markerCuts returns positions before discourse markers and after final particles,
// at least MinRunes apart.
func markerCuts(rs []rune, s, e int, opt Options) []int {
	var cuts []int
	last := s
	for i := s + opt.MinRunes; i < e-opt.MinRunes; i++ {
		if i-last < opt.MinRunes {
			continue
		}
		if particles[rs[i-1]] && !particles[rs[i]] {
			cuts = append(cuts, i)
			last = i
			continue
		}
		for _, m := range markers {
			if hasPrefixRunes(rs[i:e], m) {
				cuts = append(cuts, i)
				last = i
				break
			}
		}
	}
	return cuts
}

func hasPrefixRunes(rs []rune, m string) bool {
	i := 0
	for _, r := range m {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

func hardCut(out []Span, rs []rune, s, e int, opt Options) []Span {
	for s < e {
		n := e - s
		if n > opt.MaxRunes {
			n = opt.MaxRunes
		}
		out = append(out, Span{Text: string(rs[s : s+n]), Start: s, End: s + n})
		s += n
	}
	return out
}
