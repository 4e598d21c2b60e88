package model

import (
	"context"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/model/aspect"
)

// outSpec is a decoder output's rank ([batch, seq, C] = 3, [batch, seq, seq, C] = 4) and
// last dimension.
type outSpec struct {
	name       string
	rank, last int
}

// aspectOutputs checks that every output of an aspect card is [batch, seq, C] or
// [batch, seq, seq, C].
func aspectOutputs(c Card) ([]outSpec, error) {
	var outs []outSpec
	for _, o := range c.Outputs {
		last := 0
		if len(o.Shape) > 0 {
			last, _ = strconv.Atoi(o.Shape[len(o.Shape)-1])
		}
		if (len(o.Shape) != 3 && len(o.Shape) != 4) || last <= 0 {
			return nil, fmt.Errorf("output %s has shape %v, want [batch, seq, C] or [batch, seq, seq, C]", o.Name, o.Shape)
		}
		outs = append(outs, outSpec{o.Name, len(o.Shape), last})
	}
	return outs, nil
}

// Triplet is one (aspect, opinion, polarity) an aspect model found in a text; offsets are
// code points into that text, ends exclusive.
type Triplet struct {
	// Term and [Start, End) are the aspect term; for an implicit aspect (no term) Term is
	// "" and the span is the opinion's.
	Term       string
	Start, End int
	// Opinion and [OpinionStart, OpinionEnd) are the opinion term; "" and 0, 0 for a bare
	// aspect.
	Opinion                  string
	OpinionStart, OpinionEnd int
	// Polarity is negative, neutral or positive; "" for a bare aspect (decoding.bare_aspects:
	// an aspect term without an opinion, whose polarity the caller reads elsewhere).
	Polarity string
	// Score is the decoder's probability of the polarity (a bare aspect: its tags' mean).
	Score float64
}

// Bare reports whether t is an aspect term without an opinion.
func (t Triplet) Bare() bool { return t.Polarity == "" }

// Triplets runs an aspect model (KindAspect) on texts and decodes, per text, its triplets
// (model/aspect), bare aspect terms included when the card asks for them.
func (m *Model) Triplets(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]Triplet, error) {
	if m.dec == nil {
		return nil, fmt.Errorf("model %s is not an aspect model (its card has no decoding.pair_output)", m.card.Name)
	}
	if m.split != nil {
		trips, encs, err := m.splitTriplets(ctx, texts, maxBatch, maxTokens) // pairsplit.go
		if err != nil {
			return nil, err
		}
		out := make([][]Triplet, len(texts))
		for i, ts := range trips {
			out[i] = m.tails(texts[i], toTriplets(texts[i], encs[i], ts))
		}
		return out, nil
	}
	encs, rows, err := m.Run(ctx, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	defer func() { m.stats.decode.Add(int64(time.Since(t0))) }()
	out := make([][]Triplet, len(texts))
	for i, row := range rows {
		n := encs[i].Len()
		// Rows keep their batch's padded length S: [S, C] tags, [S, S, C] pairs (model card shapes).
		shapes := make(map[string][]int64, len(row))
		for _, o := range m.outs {
			data := row[o.name]
			if o.rank == 3 {
				shapes[o.name] = []int64{1, int64(len(data) / o.last), int64(o.last)}
			} else {
				s := isqrt(len(data) / o.last)
				shapes[o.name] = []int64{1, int64(s), int64(s), int64(o.last)}
			}
		}
		trips, err := m.dec.Decode(row, shapes, []int{n})
		if err != nil {
			return nil, fmt.Errorf("decode aspects of %q: %w", clip(texts[i], 40), err)
		}
		out[i] = m.tails(texts[i], toTriplets(texts[i], encs[i], trips[0]))
	}
	return out, nil
}

// toTriplets turns a text's decoded triplets (token positions) into Triplets with code-point
// offsets into the text; spans outside its real tokens are dropped.
func toTriplets(text string, e *tokenize.Encoding, trips []aspect.Triplet) []Triplet {
	var out []Triplet
	n := e.Len()
	rs := []rune(text)
	for _, t := range trips {
		if t.Bare() {
			if t.AspectStart >= 1 && t.AspectEnd <= n-1 && t.AspectEnd > t.AspectStart {
				s, en := e.Starts[t.AspectStart], e.Ends[t.AspectEnd-1]
				out = append(out, Triplet{Term: string(rs[s:en]), Start: s, End: en, Score: t.Score})
			}
			continue
		}
		if t.OpinionStart < 1 || t.OpinionEnd > n-1 || t.OpinionEnd <= t.OpinionStart {
			continue
		}
		os, oe := e.Starts[t.OpinionStart], e.Ends[t.OpinionEnd-1]
		tr := Triplet{Opinion: string(rs[os:oe]), OpinionStart: os, OpinionEnd: oe, Polarity: t.Polarity, Score: t.Score}
		if t.AspectStart >= 1 && t.AspectEnd <= n-1 && t.AspectEnd > t.AspectStart {
			s, en := e.Starts[t.AspectStart], e.Ends[t.AspectEnd-1]
			tr.Term, tr.Start, tr.End = string(rs[s:en]), s, en
		} else {
			tr.Start, tr.End = os, oe // implicit: the span is the opinion's
		}
		out = append(out, tr)
	}
	return out
}

func isqrt(n int) int {
	r := 0
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}

// clip is s cut to n code points, with … when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n]) + "…"
}
