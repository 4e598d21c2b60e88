package mention

import (
	"fmt"
	"sort"

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
func (p *Policy) Industry(g *kg.Graph, text string) (id string, conf float64, fallback bool) {
	id, conf = g.InferIndustry(text)
	if (id == "" || conf < p.IndustryFloor) && p.FallbackIndustry != "" && g.HasIndustry(p.FallbackIndustry) && id != p.FallbackIndustry {
		return p.FallbackIndustry, conf, true
	}
	return id, conf, false
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
// votes and more than any other (a tie is no dominant industry). The caller passes the sample (Policy.DominantSample texts that name no industry).
func (p *Policy) Dominant(g *kg.Graph, texts []string) DominantIndustry {
	d := DominantIndustry{Votes: map[string]int{}}
	for _, t := range texts {
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
