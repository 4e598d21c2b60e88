package server

import (
	"context"
	"log/slog"
	"strings"

	"github.com/tingzhen/tingzhen/engine"
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

// dominantIndustry applies dominant mode to a batch's good items (those analysed, in
// order) that name no industry and returns the choice for the answer (industry_choice, as
// a job's summary.json). analyze runs it once the items are admitted
// (batcher.analyzeAdmitted): the vote reads up to Policy.DominantSample texts through the
// industry model, work a request refused at admission (429) must not do.
func (s *Server) dominantIndustry(good []engine.Input) *jobs.IndustryChoice {
	pol, g := s.eng.Config().MentionPolicy(), s.eng.KG().Graph()
	var texts []string
	for _, in := range good {
		if len(texts) >= pol.DominantSample {
			break
		}
		if strings.TrimSpace(in.Industry) == "" && strings.TrimSpace(in.Text) != "" {
			texts = append(texts, in.Text)
		}
	}
	c := jobs.DominantChoice(g, pol, texts)
	if s.log.Enabled(context.Background(), slog.LevelDebug) {
		s.log.Debug("industry vote", "sampled", c.Sampled, "industry", c.Industry, "top", c.Top, "share", c.Share)
	}
	if c.Industry == "" {
		return c
	}
	for i := range good {
		if strings.TrimSpace(good[i].Industry) == "" {
			good[i].Dominant, good[i].DominantShare = c.Industry, c.Share
		}
	}
	return c
}
