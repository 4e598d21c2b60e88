package mention

import (
	"fmt"
	"math"
	"sort"

	"github.com/tingzhen/tingzhen/engine/normalize"
	"github.com/tingzhen/tingzhen/kg"
)

// Industry modes of a job (Policy.IndustryMode).
const (
	IndustryModeRecord   = "record"   // each record its own inferred industry
	IndustryModeDominant = "dominant" // the dominant industry of a sample of the job's records
)

// ParseIndustryMode checks a mode name; "" is the policy's default.
func (p *Policy) ParseIndustryMode(mode string) (string, error) {
	switch mode {
	case "":
		return p.IndustryMode, nil
	case IndustryModeRecord, IndustryModeDominant:
		return mode, nil
	}
	return "", fmt.Errorf("industry mode %q: want %s or %s", mode, IndustryModeRecord, IndustryModeDominant)
}

// Industry decides the industry of a record that names none: the one the graph infers from
// its text when that inference is confident enough (Policy.IndustryFloor), else the general
// product / e-commerce reading (Policy.FallbackIndustry) when the graph has it. conf is the
// inference's own confidence; fallback reports that the floor replaced it.
//
// With an IndustryModel the model's logits plus IndustryKeywordWeight × the keyword evidence
// decide among the industries the model knows (conf is then the winner's softmax share), and
// another industry beats FallbackIndustry only by IndustryMargin, or by IndustryBareMargin
// when its own keyword evidence is below IndustrySupport; an industry the model does not
// know wins on its keywords alone when InferIndustry picks it at IndustryFloor or above.
func (p *Policy) Industry(g *kg.Graph, text string) (id string, conf float64, fallback bool) {
	if m := p.IndustryModel; m != nil {
		var ev map[string]float64
		id, conf, ev = p.evidence(g, text)
		if mid, mconf, mfb, ok := p.modelIndustry(m, g, text, ev, id, conf); ok {
			return mid, mconf, mfb
		}
	} else {
		id, conf, _ = p.evidence(g, text)
	}
	if (id == "" || conf < p.IndustryFloor) && p.FallbackIndustry != "" && g.HasIndustry(p.FallbackIndustry) && id != p.FallbackIndustry {
		return p.FallbackIndustry, conf, true
	}
	return id, conf, false
}

// evidence is the graph's industry keyword evidence in text (kg.Graph.IndustryEvidenceWords)
// with a pack word counted only where it stands as a word, as term matching counts it
// (Draft.standsAsWord on Policy.IndustryCut's words; 音效 in 隔音效果 is none), and a
// one-character one only for the industries whose single_char_ok lists it (味 of 品味 no
// food evidence).
func (p *Policy) evidence(g *kg.Graph, text string) (id string, conf float64, ev map[string]float64) {
	d := &Draft{p: p, g: g, s: Sentence{Text: text, Cut: p.IndustryCut}, rs: []rune(text), bare: -1}
	d.segment()
	d.setBounds()
	return g.IndustryEvidenceWords(text, d.standsAsWord)
}

// DominantIndustry is the outcome of Policy.Dominant.
type DominantIndustry struct {
	// ID is the dominant industry, "" when none holds Policy.DominantShare of the votes
	// (or there were no texts).
	ID string `json:"id,omitempty"`
	// Top is the most voted industry and Share its share of the votes, also when it is
	// below the threshold.
	Top   string  `json:"top,omitempty"`
	Share float64 `json:"share"`
	// Sampled is the number of texts that voted; Votes the votes per industry ("" for
	// texts where nothing was detected and there is no fallback).
	Sampled int            `json:"sampled"`
	Votes   map[string]int `json:"votes,omitempty"`
}

// Dominant lets every text vote for its industry (Industry: floor and fallback included)
// and returns the most voted one as ID when it holds at least Policy.DominantShare of the
// votes and more than any other (a tie is no dominant industry). The caller passes the
// sample (Policy.DominantSample texts that name no industry) as written: each text votes
// as IndustryText reads it, the text the engine decides the record's own industry on
// (Industry, FileIndustry); a text with nothing left once normalised does not vote.
func (p *Policy) Dominant(g *kg.Graph, texts []string) DominantIndustry {
	d := DominantIndustry{Votes: map[string]int{}}
	for _, raw := range texts {
		t, ok := IndustryText(raw)
		if !ok {
			continue
		}
		id, _, _ := p.Industry(g, t)
		d.Votes[id]++
		d.Sampled++
	}
	if d.Sampled == 0 {
		return d
	}
	ids := make([]string, 0, len(d.Votes))
	for id := range d.Votes {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { // most votes first, ties by name: deterministic
		if d.Votes[ids[i]] != d.Votes[ids[j]] {
			return d.Votes[ids[i]] > d.Votes[ids[j]]
		}
		return ids[i] < ids[j]
	})
	d.Top = ids[0]
	d.Share = float64(d.Votes[d.Top]) / float64(d.Sampled)
	tie := len(ids) > 1 && d.Votes[ids[1]] == d.Votes[d.Top]
	if d.Top != "" && !tie && d.Share >= p.DominantShare {
		d.ID = d.Top
	}
	return d
}

// IndustryText is the text every industry decision reads: text normalised as the engine
// normalises a record before deciding its industry (engine/normalize: full-width ASCII to
// half-width, Unicode spaces to one space, zero-width and control characters dropped; emoji
// and letter case kept), invalid UTF-8 bytes repaired to U+FFFD (a record the engine
// refuses for them never reaches a decision). ok is false when nothing is left (the engine
// refuses such a record as empty_text). The engine passes the text it has normalised so
// (Engine.Analyze → recordIndustry); the dominant vote (Dominant) normalises its sample here.
func IndustryText(text string) (string, bool) {
	nt, err := normalize.String(text, normalize.Options{})
	if err != nil {
		return "", false
	}
	return nt.Text, true
}

// CallIndustry is Industry for a call's text (its turns joined): with the model only when
// CallIndustryModel is set, else keywords alone (floor and fallback as in Industry).
func (p *Policy) CallIndustry(g *kg.Graph, text string) (id string, conf float64, fallback bool) {
	if p.CallIndustryModel {
		return p.Industry(g, text)
	}
	q := *p
	q.IndustryModel = nil
	return q.Industry(g, text)
}

// modelIndustry is Industry with a model; ok false when the graph has none of the model's
// industries (Industry then uses the keywords alone). ev, kwID and kwConf are
// kg.Graph.IndustryEvidence's.
func (p *Policy) modelIndustry(m *IndustryModel, g *kg.Graph, text string, ev map[string]float64, kwID string, kwConf float64) (id string, conf float64, fallback, ok bool) {
	var buf [16]float64
	z := m.Logits(text, buf[:0])
	known, best, fb := false, -1, -1
	for c, name := range m.classes {
		if !g.HasIndustry(name) {
			continue
		}
		if name == kwID {
			known = true
		}
		z[c] += p.IndustryKeywordWeight * ev[name]
		if best < 0 || z[c] > z[best] {
			best = c
		}
		if name == p.FallbackIndustry {
			fb = c
		}
	}
	if best < 0 {
		return "", 0, false, false
	}
	if kwID != "" && !known && kwConf >= p.IndustryFloor { // an industry the model does not know
		return kwID, kwConf, false, true
	}
	sum := 0.0
	for c, name := range m.classes {
		if g.HasIndustry(name) {
			sum += math.Exp(z[c] - z[best])
		}
	}
	margin := p.IndustryMargin
	if ev[m.classes[best]] < p.IndustrySupport {
		margin = p.IndustryBareMargin // hardly a keyword of its own: the n-grams alone
	}
	if fb >= 0 && fb != best && z[best]-z[fb] < margin {
		return m.classes[fb], math.Round(1/sum*math.Exp(z[fb]-z[best])*1000) / 1000, true, true
	}
	return m.classes[best], math.Round(1/sum*1000) / 1000, false, true
}
