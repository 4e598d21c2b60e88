package mention

import (
	"math"

	"github.com/tingzhen/tingzhen/kg"
)

// Where a record's industry came from (engine.IndustryGuess.Source, the result's
// industry.source).
const (
	// IndustrySourceGiven: named by the record itself, or for all of its records by the
	// caller (--industry, a job's industry, a request's or a call's industry); confidence 1.
	IndustrySourceGiven = "given"
	// IndustrySourceDominant: the dominant industry of the record's file, job or request
	// (Dominant), kept because the record's own text does not leave it (FileIndustry);
	// confidence is the share of the sample that inferred it (DominantIndustry.Share).
	IndustrySourceDominant = "dominant"
	// IndustrySourceRecord: inferred from the record's own text (Industry; for a call, from
	// the call's turns, CallIndustry); confidence is that inference's.
	IndustrySourceRecord = "record"
)

// FileIndustry is the industry a record that names none is analysed with when its file (or
// job) has the dominant industry dominant (Dominant's ID; "" when none dominates): dominant,
// unless the record's own evidence leaves it. A record leaves when another industry's score
// (the IndustryModel logit plus IndustryKeywordWeight × its keyword evidence, as in
// Industry) beats dominant's by at least DominantLeaveMargin; it is then inferred on its
// own (Industry) and FileIndustry returns "". Only industries the model knows can be
// compared: a record whose dominant industry or best-scoring industry the model does not
// know (telecom, a user's pack) stays. DominantLeaveMargin +Inf: no record leaves (every
// record naming none is analysed with dominant). With no dominant industry, or no model,
// every record is inferred on its own ("", or dominant with no model). text is the record's
// normalised text (engine/normalize), the text Industry reads in the engine: the engine makes
// this decision (engine.Input.Dominant), callers only pass the dominant industry.
func (p *Policy) FileIndustry(g *kg.Graph, text, dominant string) string {
	if dominant == "" {
		return ""
	}
	if math.IsInf(p.DominantLeaveMargin, 1) || p.IndustryModel == nil {
		return dominant
	}
	best, gap, ok := p.leaveGap(g, text, dominant)
	if ok && best != dominant && gap >= p.DominantLeaveMargin {
		return ""
	}
	return dominant
}

// leaveGap is the best-scoring industry the model knows and the graph has, and how far its
// score is above dominant's; ok false when the model or the graph lacks dominant.
func (p *Policy) leaveGap(g *kg.Graph, text, dominant string) (best string, gap float64, ok bool) {
	m := p.IndustryModel
	_, _, ev := p.evidence(g, text)
	var buf [16]float64
	z := m.Logits(text, buf[:0])
	b, d := -1, -1
	for c, name := range m.classes {
		if !g.HasIndustry(name) {
			continue
		}
		z[c] += p.IndustryKeywordWeight * ev[name]
		if b < 0 || z[c] > z[b] {
			b = c
		}
		if name == dominant {
			d = c
		}
	}
	if b < 0 || d < 0 {
		return "", 0, false
	}
	return m.classes[b], z[b] - z[d], true
}
