package engine

import (
	"fmt"
	"math"
	"strings"

	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
)

// recordIndustry decides the industry a record is analysed with, and what its result says
// about it, from its normalised text (mention.IndustryText: the text its file's dominant
// vote read too; the policy is mention.Policy's):
//   - the industry the record names (Input.Industry) when the graph has it: source given,
//     confidence 1;
//   - else, when its file, job or request has a dominant industry (Input.Dominant), that
//     industry unless the record's own text leaves it (mention.Policy.FileIndustry): source
//     dominant, confidence Input.DominantShare;
//   - else the industry inferred from its text (mention.Policy.Industry): source record,
//     confidence the inference's ("" and no guess when nothing is inferred).
//
// A named industry the graph lacks gives warn (unknown_industry) and the record is inferred
// on its own.
func (e *Engine) recordIndustry(g *kg.Graph, in Input, text string) (id string, guess *IndustryGuess, warn string) {
	ind := strings.TrimSpace(in.Industry)
	switch {
	case ind != "" && g.HasIndustry(ind):
		return ind, &IndustryGuess{ID: ind, Name: industryName(g, ind), Confidence: 1, Source: mention.IndustrySourceGiven}, ""
	case ind != "":
		warn = fmt.Sprintf("unknown_industry: %q is not a loaded industry; inferred from the text instead", ind)
	case in.Dominant != "" && g.HasIndustry(in.Dominant):
		if d := e.cfg.Mention.FileIndustry(g, text, in.Dominant); d != "" {
			return d, &IndustryGuess{ID: d, Name: industryName(g, d), Confidence: math.Round(in.DominantShare*1000) / 1000, Inferred: true, Source: mention.IndustrySourceDominant}, ""
		}
	}
	id, conf, _ := e.cfg.Mention.Industry(g, text) // weak inference → general e-commerce reading
	if id != "" {
		guess = &IndustryGuess{ID: id, Name: industryName(g, id), Confidence: conf, Inferred: true, Source: mention.IndustrySourceRecord}
	}
	return id, guess, warn
}
