package server

import (
	"strings"

	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/mention"
)

// Industry modes of POST /v1/analyze (textRequest.IndustryMode). The default is record:
// each record's industry is inferred on its own, whatever the request's other records say.
// dominant reads a batch as a job reads a file (jobs.Spec.IndustryMode): the industry at
// least Policy.DominantShare of its first Policy.DominantSample good items naming none infer
// is given to each item naming none, except an item whose own text points clearly elsewhere
// (mention.Policy.FileIndustry, decided by the engine: engine.Input.Dominant).

// parseIndustryMode checks a request's industry_mode: "" is record (not the policy's
// default for files, dominant: the API's default stays per record).
func (s *Server) parseIndustryMode(mode string) (string, error) {
	if strings.TrimSpace(mode) == "" {
		return mention.IndustryModeRecord, nil
	}
	return s.eng.Config().MentionPolicy().ParseIndustryMode(strings.TrimSpace(mode))
}

// dominantIndustry applies dominant mode to a batch's good items that name no industry and
// returns the choice for the answer (industry_choice, as a job's summary.json).
func (s *Server) dominantIndustry(tb *textBatch) *jobs.IndustryChoice {
	pol, g := s.eng.Config().MentionPolicy(), s.eng.KG().Graph()
	var texts []string
	for i, in := range tb.inputs {
		if len(texts) >= pol.DominantSample {
			break
		}
		if tb.bad[i] == nil && strings.TrimSpace(in.Industry) == "" && strings.TrimSpace(in.Text) != "" {
			texts = append(texts, in.Text)
		}
	}
	c := jobs.DominantChoice(g, pol, texts)
	if c.Industry == "" {
		return c
	}
	for i := range tb.inputs {
		if tb.bad[i] == nil && strings.TrimSpace(tb.inputs[i].Industry) == "" {
			tb.inputs[i].Dominant, tb.inputs[i].DominantShare = c.Industry, c.Share
		}
	}
	return c
}
