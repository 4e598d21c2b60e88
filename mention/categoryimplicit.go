package mention

import (
	"slices"
	"unicode"
)

// Implicit category mentions. An add-only classifier's verdict on an indicator no term
// mention covers (categoryadd.go) also becomes a mention with no term (source category)
// where Policy.CategoryAddMentions is on, the record's industry is one of
// Policy.CategoryAddMentionIndustries and the dimension passes the emission thresholds
// Policy.CategoryAddMentionPresence / CategoryAddMentionPolarity (0: the indicator's,
// CategoryAddPresence / CategoryAddPolarity). Its polarity, point and score are the
// indicator's; its span is the sentence where the classifier finds the dimension most
// present (Record.SentenceAdded; the record's only sentence when it has one), without
// its surrounding punctuation, and its opinion is that sentence (as the graph's implied
// phrases give their clause). A record whose sentences were not scored one by one gets the
// whole record's span.

// implicitVerdict is the emission verdict on one add-only dimension of a record of
// industry: its polarity and score, ok only when CategoryAddMentions is on, industry is
// listed in CategoryAddMentionIndustries, the record is written text (not a conversation
// turn: a customer's question or request in a chat, 能不能配个贺卡, is a contact reason, not
// an evaluation, and the emission was measured on written reviews only, as the verifier's
// scope) and the dimension passes the emission thresholds.
func (p *Policy) implicitVerdict(industry string, conversational bool, dim CategoryDim) (string, float64, bool) {
	if !p.CategoryAddMentions || conversational || !slices.Contains(p.CategoryAddMentionIndustries, industry) {
		return "", 0, false
	}
	pres, pol := p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity
	if pres <= 0 {
		pres = p.CategoryAddPresence
	}
	if pol <= 0 {
		pol = p.CategoryAddPolarity
	}
	if pres <= 0 || pres > 1 {
		return "", 0, false
	}
	return dimVerdict(dim, pres, pol)
}

// ImplicitCandidate reports whether an add-only classifier's record-level verdict on dim,
// for a record of industry, may become an implicit mention, so that the engine scores the
// record's sentences one by one to place it (Record.SentenceAdded).
func (p *Policy) ImplicitCandidate(industry string, conversational bool, dim CategoryDim) bool {
	_, _, ok := p.implicitVerdict(industry, conversational, dim)
	return ok
}

// implicitSpan is the span of an implicit mention of dimension name: the sentence of r
// where the classifier finds it most present (ties: the first), trimmed of surrounding
// punctuation and space; the whole record when the sentences are unknown or were not scored.
func implicitSpan(r Record, name string) (int, int) {
	n := len(r.SentenceStarts)
	if n == 0 || len(r.SentenceEnds) != n {
		return 0, r.Runes
	}
	best := 0
	if n > 1 {
		if len(r.SentenceAdded) != n {
			return 0, r.Runes
		}
		bestP := float32(2)
		for k, dims := range r.SentenceAdded {
			for _, d := range dims {
				if d.Name == name && d.Probs[0] < bestP {
					best, bestP = k, d.Probs[0]
				}
			}
		}
	}
	return trimSpan([]rune(r.Text), r.SentenceStarts[best], r.SentenceEnds[best])
}

// trimSpan narrows [start, end) of text past leading and trailing punctuation and space;
// the span unchanged when it is out of range or would become empty.
func trimSpan(text []rune, start, end int) (int, int) {
	if start < 0 || end > len(text) || start >= end {
		return start, end
	}
	s, e := start, end
	skip := func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) }
	for s < e && skip(text[s]) {
		s++
	}
	for e > s && skip(text[e-1]) {
		e--
	}
	if s == e {
		return start, end
	}
	return s, e
}

// spanText is text's code points [start, end); "" when out of range.
func spanText(text string, start, end int) string {
	rs := []rune(text)
	if start < 0 || end > len(rs) || start >= end {
		return ""
	}
	return string(rs[start:end])
}
