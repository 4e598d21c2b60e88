package mention

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/normalize"
)

// Named aspects: the attributes a CEM user tracks (续航, 屏幕, 客服, 配送), named per record
// (Input.Aspects, `analyze --aspect`). The policy for them, in one place:
//
//   - Every occurrence of a named term in a sentence is one candidate of source "named"
//     (SourceNamed), as every other term is one candidate per occurrence. A term of two or
//     more characters matches wherever it is written (the user chose it: 屏幕 in 屏幕显示);
//     a one-character term only where a jieba word starts and another ends (菜 in 这家的菜
//     很好吃, not in 蔬菜). Named terms that overlap are taken leftmost, then longest.
//     ASCII letters match in either case.
//   - A candidate the policy already found on those characters (a model triplet, a graph
//     term, a model term containing the named one, an implicit aspect whose opinion is the
//     named term) is merged into the named one, never kept beside it: the named mention
//     takes its opinion span, and, when the model's term is the same span, the model's
//     polarity.
//   - Polarity follows decide's order for every term: the pack's direction on a magnitude
//     word (油耗有点高); then, when the aspect model's triplet has exactly the named span
//     (NamedPolicy.TripletFirst), that triplet as for a model term; else the
//     aspect-polarity model (polarity-zh; every other named span is sent to it) when its top
//     probability is at least NamedPolicy.MinProb, with a non-neutral verdict in a clause
//     without an opinion word needing NamedPolicy.NoOpinionMinProb; then the opinion's
//     lexicon polarity, the term's own words. Nothing of these: neutral (a named term nobody
//     evaluates is reported, neutral with no point; DropBare never drops it). Question,
//     complaint, disappointment, wish (itch) and value-for-money rules apply as to any term.
//   - The graph places a named term when the term, or a known term inside it (its head,
//     the longest, rightmost on ties: 电池续航 → 续航; unless that head is an attribute of
//     a modifier of another indicator, compound.go: 电池时间 → 电池's aspect), is a graph
//     term, or when the candidate
//     the policy found on it (the same span or a longer one around it) was placed (客服 in
//     客服态度 → 客服态度; 手机 in 手机不错 → 商品质量, refine.go's productName); else it has
//     no indicator (it is never placed by an implicit phrase elsewhere in
//     the sentence). A placed named mention is counted like any customer-voice mention
//     (record-level indicators, insights).
//   - A named term that does not occur in the text produces nothing (no marker).
//   - In a record the promotion rule reads as an advertisement, the named mentions stay,
//     neutral and with no point; every other mention goes as before.

// SourceNamed marks a mention of an aspect term the caller named (Input.Aspects).
const SourceNamed = "named"

// NamedPolicy holds the thresholds of named aspects (Policy.Named).
type NamedPolicy struct {
	// MinProb: the aspect-polarity model's verdict on a named span is used when its top
	// probability is at least this; below it the span falls back to the aspect model's
	// triplet, the lexicon, the term's own words, else neutral. Chosen on DEV (see
	// DefaultNamedPolicy).
	MinProb float64
	// NoOpinionMinProb: in a clause with no opinion word, a non-neutral verdict of the
	// aspect-polarity model on a named span stands only at this probability or more;
	// below it the named mention is neutral.
	NoOpinionMinProb float64
	// TripletFirst: when the aspect model's triplet has exactly the named span, its
	// polarity decides and the span is not sent to the aspect-polarity model.
	TripletFirst bool
	// DirectionFirst: the pack's direction on a magnitude word (油耗有点高) decides a
	// named span before the aspect-polarity model does, as for every other term; false:
	// the model's verdict on a named span it scored comes first (the direction then does
	// not apply to it; without the model it does).
	DirectionFirst bool
	// MaxTerms and MaxRunes bound a record's named aspects (NamedTerms): at most MaxTerms
	// terms of at most MaxRunes characters each. Defaults 64 and 32.
	MaxTerms int
	MaxRunes int
}

// DefaultNamedPolicy is Policy.Named of DefaultPolicy(), chosen on the APC validation part
// only (sha1 buckets 15-24, 1,293 items; `bench accuracy --pipeline --tasks apc --apc-from 15
// --apc-buckets 25`, named mode, polarity-zh on), accuracy with (MinProb, NoOpinionMinProb,
// TripletFirst, DirectionFirst):
//
//	0.5, 0.5, true,  true   0.8840 (shipped)
//	0.5, 0.5, false, true   0.8848 (DirectionFirst false: 0.8848 too)
//	0.4, 0.4, false, false  0.8832
//	0.5, 0.7, false, false  0.8763
//	0.7, 0.7, false, false  0.8693 (the thresholds of other terms)
//	0.5, 0.9, false, false  0.8306
//
// TripletFirst is true although 1 item (of 1,293) lower: APC sentences name one aspect
// each, so the aspect-polarity model's reading of the whole sentence is rarely wrong there,
// while in sentences with several aspects it leaks the other clause's polarity (物流太慢了，
// 包装倒是很结实 gives 包装 negative, 0.79), where the aspect model's triplet pairs 包装 with
// 很结实; the other terms' policy does not send model terms either (VerdictForModelTerms).
//
// Matching: a term of two or more characters matching only where a graph term may (word
// edges, TermEdgeSlack, no crossed word) scored 0.8631 (76 more items with no named
// mention), so it matches wherever it is written.
func DefaultNamedPolicy() NamedPolicy {
	return NamedPolicy{
		MinProb:          0.5,
		NoOpinionMinProb: 0.5,
		TripletFirst:     true,
		DirectionFirst:   true,
		MaxTerms:         64,
		MaxRunes:         32,
	}
}

// NamedTerms checks and normalises a record's named aspect terms (full-width to half-width,
// spaces trimmed, as the text is normalised): duplicates are dropped, order kept. An empty
// term, one longer than p.MaxRunes, invalid UTF-8 or more than p.MaxTerms terms is an error
// naming the offending item.
func (p *NamedPolicy) NamedTerms(terms []string) ([]string, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	if p.MaxTerms > 0 && len(terms) > p.MaxTerms {
		return nil, fmt.Errorf("%d aspects: at most %d per record", len(terms), p.MaxTerms)
	}
	out := make([]string, 0, len(terms))
	for i, t := range terms {
		nt, err := normalize.String(t, normalize.Options{Strict: true})
		if err != nil {
			return nil, fmt.Errorf("aspects[%d] %q: %w", i, t, err)
		}
		s := strings.TrimSpace(nt.Text)
		if n := utf8.RuneCountInString(s); p.MaxRunes > 0 && n > p.MaxRunes {
			return nil, fmt.Errorf("aspects[%d] is %d characters long; at most %d", i, n, p.MaxRunes)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// WithNamed returns a record's own named aspect terms followed by those of more (terms named
// for every record: `--aspect`, a job's aspects) that it lacks; own itself when more is empty.
func WithNamed(own, more []string) []string {
	if len(more) == 0 {
		return own
	}
	out := slices.Clone(own)
	for _, t := range more {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// namedOccurrences finds the named terms in the sentence: leftmost, then longest,
// non-overlapping; a one-character term only on word boundaries.
func (d *Draft) namedOccurrences() [][2]int {
	fold := func(r rune) rune {
		if r < utf8.RuneSelf {
			return unicode.ToLower(r)
		}
		return r
	}
	var text []rune
	var occ [][2]int
	for _, t := range d.s.Named {
		ts := []rune(t)
		if len(ts) == 0 || len(ts) > len(d.rs) {
			continue
		}
		if text == nil {
			text = make([]rune, len(d.rs))
			for i, r := range d.rs {
				text[i] = fold(r)
			}
		}
		for i := range ts {
			ts[i] = fold(ts[i])
		}
	next:
		for i := 0; i+len(ts) <= len(text); i++ {
			for k, r := range ts {
				if text[i+k] != r {
					continue next
				}
			}
			if len(ts) == 1 && (!d.bound[i] || !d.bound[i+1]) {
				continue
			}
			occ = append(occ, [2]int{i, i + len(ts)})
		}
	}
	slices.SortFunc(occ, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return b[1] - a[1]
	})
	out := occ[:0]
	next := 0
	for _, o := range occ {
		if o[0] >= next {
			out = append(out, o)
			next = o[1]
		}
	}
	return out
}

// planNamed adds the named terms' candidates to a planned sentence: candidates on the
// same characters are merged into them, the named ones are placed on the graph, and the
// spans for the aspect-polarity model are rebuilt.
func (d *Draft) planNamed() {
	occ := d.namedOccurrences()
	if len(occ) == 0 {
		return
	}
	np := &d.p.Named
	adds := make([]cand, len(occ))
	for i, o := range occ {
		adds[i] = cand{start: o[0], end: o[1], source: SourceNamed, span: -1}
	}
	placed := make([]bool, len(occ))
	keep := d.cands[:0:0]
	for _, c := range d.cands {
		s, e := c.start, c.end
		if e <= s { // an implicit aspect: its opinion's characters
			s, e = c.opStart, c.opEnd
		}
		hit := -1
		for i, o := range occ {
			if s < o[1] && o[0] < e {
				hit = i
				break
			}
		}
		if hit < 0 {
			keep = append(keep, c)
			continue
		}
		a := &adds[hit]
		if c.end <= c.start {
			continue // an implicit aspect whose opinion is the named term: the named mention
		}
		if a.opEnd <= a.opStart && c.opEnd > c.opStart {
			a.opStart, a.opEnd = d.cleanOpinion(c.opStart, c.opEnd, a.start, a.end)
		}
		if c.start == a.start && c.end == a.end && c.modelPol != "" {
			a.modelPol, a.modelConf = c.modelPol, c.modelConf
		}
		if c.mapped && !placed[hit] && c.start <= a.start && a.end <= c.end {
			// A longer term holding the named one places it (客服态度 for 客服).
			a.mapping, a.mapped, placed[hit] = c.mapping, true, true
		}
	}
	d.cands = append(keep, adds...)
	d.bare = -1
	// Place the named terms: only through a graph term they are or hold.
	for i := range d.cands {
		c := &d.cands[i]
		if c.source != SourceNamed || c.mapped {
			continue
		}
		term := string(d.rs[c.start:c.end])
		if len(d.g.FindAllTerms(d.industry, term)) == 0 {
			continue
		}
		op := ""
		if c.opEnd > c.opStart {
			op = string(d.rs[c.opStart:c.opEnd])
		} else if _, _, os, oe, _, _ := d.opinionOf(c); oe > os {
			op = string(d.rs[os:oe])
		}
		if mp, _, ok := d.compoundOwner(c.start, c.end, op); ok {
			c.mapping, c.mapped = mp, true // 电池时间 (compound.go)
			continue
		}
		c.mapping, c.mapped = d.g.MapAspect(d.industry, d.s.Text, term, op)
	}
	// The candidates changed: ask again which spans the aspect-polarity model scores.
	d.spans = d.spans[:0]
	for i := range d.cands {
		c := &d.cands[i]
		c.span = -1
		need := d.needsVerdict(c)
		if c.source == SourceNamed {
			need = !(np.TripletFirst && c.modelPol != "")
		}
		if need {
			c.span = len(d.spans)
			d.spans = append(d.spans, Span{c.start, c.end})
		}
	}
}

// keepNamedQuiet keeps only the named mentions of an advertisement's sentence, neutral
// and with no point (the user asked about the term; the text is no customer's voice on it).
func keepNamedQuiet(ms []Mention) []Mention {
	out := ms[:0]
	for _, m := range ms {
		if m.Source == SourceNamed {
			m.Polarity, m.Point, m.Confidence = Neutral, "", 0
			out = append(out, m)
		}
	}
	return out
}
