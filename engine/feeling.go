package engine

import (
	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/feeling"
)

// The engine's side of package feeling: what the sentiment model reads, and the rules
// applied to its probabilities (machine text not scored, closings, the overall clause).

// modelText is what the sentiment model reads for t of r (feeling.ModelText, or
// feeling.TurnModelText for a conversation turn), or t itself
// with Config.RawSentiment.
func (e *Engine) modelText(r *record, t string) string {
	if e.cfg.RawSentiment {
		return t
	}
	if Conversational(r.in) { // chatmodel.go: a turn reads without its acknowledgements
		return feeling.TurnModelText(t)
	}
	return feeling.ModelText(t)
}

// addOverallUnit appends the unit of r's overall-judgement clause (feeling.Overall) to
// texts, when r has one and the rule is on.
func (e *Engine) addOverallUnit(r *record, texts []string) []string {
	if e.cfg.RawSentiment || e.cfg.Feeling.OverallWeight <= 0 {
		return texts
	}
	at, ok := feeling.Overall(r.norm.Text)
	if !ok {
		return texts
	}
	t := e.modelText(r, r.norm.Text[at:])
	if t == "" {
		return texts
	}
	r.overallUnit = len(texts)
	return append(texts, t)
}

// fixedSentiment is the sentiment of a text whose label a rule fixed.
func fixedSentiment(v feeling.Verdict) *Sentiment {
	s := &Sentiment{Label: v.Label, Score: 1, Probs: map[string]float64{"negative": 0, "neutral": 0, "positive": 0}, NotScored: v.NotScored, Rule: v.Rule}
	s.Probs[v.Label] = 1
	return s
}

// judgeSentiment applies the feeling rules after fillSentiment: sentences and the record
// that are machine text or closings take the rule's label; otherwise the record's
// probabilities (over the scored sentences only, when aggregated) are mixed with its overall
// clause's.
func (e *Engine) judgeSentiment(r *record, encs []*tokenize.Encoding, rows []map[string][]float32) {
	if e.cfg.RawSentiment {
		return
	}
	pol := e.cfg.Feeling
	judge := pol.Judge
	if Conversational(r.in) { // chatmodel.go: a turn of a conversation
		judge = pol.JudgeTurn
		if r.in.Role == RoleCustomer { // a customer's complaint events (feeling.CustomerEvent), never the agent's voice
			judge = pol.JudgeCustomerTurn
		}
	}
	out := e.sentiment.Output()
	var judged []bool // sentences whose label a rule fixed
	// A record of one sentence whose text is the record's, with the sentence's label, is
	// judged once: the record takes the sentence's verdict.
	var whole *feeling.Verdict
	for i := range r.sentUnits {
		st := r.res.Sentences[i].Sentiment
		v := judge(r.res.Sentences[i].Text, st.Label)
		if len(r.sentUnits) == 1 && r.res.Sentences[i].Text == r.norm.Text && st.Label == r.res.Sentiment.Label {
			whole = &v
		}
		if v.Applies(st.Label) {
			r.res.Sentences[i].Sentiment = fixedSentiment(v)
			if judged == nil {
				judged = make([]bool, len(r.sentUnits))
			}
			judged[i] = true
		}
	}
	if whole == nil {
		v := judge(r.norm.Text, r.res.Sentiment.Label)
		whole = &v
	}
	if whole.Applies(r.res.Sentiment.Label) {
		r.res.Sentiment = fixedSentiment(*whole)
		return
	}
	if judged == nil && r.overallUnit < 0 {
		return // the model's own reading (fillSentiment)
	}
	doc, ok := e.docProbs(r, encs, rows, judged)
	if !ok {
		return // every sentence is a closing or machine text, the whole is neither: keep the model's
	}
	rule := ""
	if r.overallUnit >= 0 {
		var ov [3]float32
		copy(ov[:], rows[r.overallUnit][out])
		doc = feeling.Mix(doc, ov, pol.OverallWeight)
		rule = feeling.RuleOverall
	}
	r.res.Sentiment = sentimentFrom(doc[:])
	r.res.Sentiment.Rule = rule
}
