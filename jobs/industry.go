package jobs

import (
	"context"
	"fmt"
	"strings"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
)

// IndustryChoice is how the job gave an industry to the records that name none
// (Spec.IndustryMode; summary.json "industry_choice", report.html). The policy and its
// thresholds are mention.Policy's (IndustryMode, DominantSample, DominantShare).
type IndustryChoice struct {
	// Mode: record (each record its inferred industry) or dominant.
	Mode string `json:"mode"`
	// Industry is the dominant industry every record naming none was analysed with; empty
	// in record mode and when no industry held MinShare of the sample (then each record was
	// given its own, as in record mode).
	Industry string `json:"industry,omitempty"`
	Name     string `json:"name,omitempty"`
	// Top and Share: the most voted industry of the sample and its share of the votes.
	Top      string         `json:"top,omitempty"`
	Share    float64        `json:"share"`
	MinShare float64        `json:"min_share"`
	Sampled  int            `json:"sampled"` // records of the sample (the first ones that name no industry)
	Votes    map[string]int `json:"votes,omitempty"`
}

// RecordInput is the engine input of a good record (Run; the scale submitter): its industry
// is its own, else the spec's; a record naming none in a job with a dominant industry
// (choice.Industry) carries it as engine.Input.Dominant (with choice.Share), and the engine
// keeps the record in it unless its own normalised text leaves it
// (mention.Policy.FileIndustry; the result's industry says source dominant or record).
func (s Spec) RecordInput(id string, rec input.Record, choice *IndustryChoice) engine.Input {
	ind := rec.Industry
	if ind == "" {
		ind = s.Industry
	}
	in := s.Input(id, ind, rec)
	if ind == "" && choice != nil && choice.Industry != "" {
		in.Dominant, in.DominantShare = choice.Industry, choice.Share
	}
	return in
}

// ChooseIndustry makes a job's industry choice at its start (Run; the scale submitter):
// in dominant mode it reads the first Policy.DominantSample good
// records of the job that name no industry and lets the policy decide. Nil in record mode,
// with a job-wide industry (Spec.Industry) and for transcripts (each call is inferred on
// its own). pol is the mention policy deciding (nil: mention.DefaultPolicy()).
func ChooseIndustry(ctx context.Context, g *kg.Graph, pol *mention.Policy, spec Spec, files []string) (*IndustryChoice, error) {
	if pol == nil {
		d := mention.DefaultPolicy()
		pol = &d
	}
	mode, applies, err := industryMode(spec)
	if err != nil || !applies {
		return nil, err
	}
	if mode == mention.IndustryModeRecord {
		return &IndustryChoice{Mode: mode}, nil
	}
	opt := spec.ReadOptions()
	var texts []string
	for _, f := range files {
		if len(texts) >= pol.DominantSample {
			break
		}
		rd, err := input.Open(f, opt, input.Position{})
		if err != nil {
			continue // the pipeline reports the file's error
		}
		for len(texts) < pol.DominantSample {
			if err := ctx.Err(); err != nil {
				rd.Close()
				return nil, err
			}
			rec, err := rd.Next()
			if err != nil { // io.EOF, or a broken file the pipeline reports
				break
			}
			if rec.Err != nil || rec.Industry != "" || strings.TrimSpace(rec.Text) == "" {
				continue
			}
			texts = append(texts, rec.Text)
		}
		rd.Close()
	}
	return DominantChoice(g, pol, texts), nil
}

// DominantChoice is dominant mode's choice over texts, the sample (the first
// Policy.DominantSample records that name no industry): ChooseIndustry's for a job's files,
// POST /v1/analyze's (industry_mode dominant) for a request's items.
func DominantChoice(g *kg.Graph, pol *mention.Policy, texts []string) *IndustryChoice {
	d := pol.Dominant(g, texts)
	c := &IndustryChoice{Mode: mention.IndustryModeDominant, Industry: d.ID, Top: d.Top, Share: round3(d.Share), MinShare: pol.DominantShare, Sampled: d.Sampled, Votes: d.Votes}
	for _, in := range g.Industries() {
		if in.ID == c.Industry {
			c.Name = in.Name
		}
	}
	return c
}

// industryMode resolves Spec.IndustryMode (default mention.DefaultPolicy().IndustryMode);
// applies is false when the mode has no effect: a job-wide Spec.Industry, or transcripts.
func industryMode(spec Spec) (mode string, applies bool, err error) {
	def := mention.DefaultPolicy()
	mode, err = def.ParseIndustryMode(spec.IndustryMode)
	if err != nil {
		return "", false, fmt.Errorf("job: %w", err)
	}
	return mode, spec.Industry == "" && spec.Format != input.Transcript, nil
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }
