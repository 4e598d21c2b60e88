package mention

import "strings"

// Model-only mentions: a term the pack does not know (source "model") rests on the aspect
// model alone, and on the DEV read-throughs it was the least precise source (8 of 41 fully
// right on readdev3, against 33 of 45 for model+kg). ModelOnlyPolicy keeps one only when the
// signals the engine already has stand behind it. Found on DEV only (modelonly12, session 12:
// 272 model-only mentions of readdev, readdev2, readdev3 and the customer turns of
// chat_turns_dev*.jsonl, judged one by one; bench/results/pipeline-accuracy.md,
// "modelonly12, session 12").

// ModelOnlyPolicy holds the criterion (Policy.ModelOnly).
type ModelOnlyPolicy struct {
	// ChatEvidence: in a turn of a conversation (Sentence.Conversational) a model-only term
	// mention stays only when all of these hold: it has an opinion of its own, in the term's
	// own clause (no clause break between them); its polarity is not neutral and is the
	// sentence's sentiment label (when sentiment was run); and the term's last word is one
	// jieba tags a noun (n…, vn). The aspect model learned reviews: in chat turns its own
	// terms are greetings and thanks (你好 / 票, 您好), placeholders ([订单x] / 你好),
	// requests (转人工, 抓紧上传) and fragments (怎么查 / 不了). DEV: 5 of 169 such mentions
	// judged right; the rule keeps 12, 4 of them right, and drops 1 right one
	// (chat_turns_train2, judged after: 4 of 133 right; 11 kept, 3 right).
	ChatEvidence bool
	// BareUnplaced: a model-only term mention with no opinion and no place on the graph
	// (券用, 无法, 加油, 到位 read alone with the sentence's polarity) is dropped: nothing but
	// the model's tag says it is an aspect, and no indicator counts it. DEV reviews: 9 such
	// mentions, none right. A placed one (小巧 → 外观设计) stays. Off by default: it undoes
	// FaithfulPolicy.BareVerdict's pleasures of unplaced terms (方向盘灵活 → 方向盘 positive,
	// its opinion left empty), and the DEV guards of turning it on are in
	// bench/results/pipeline-accuracy.md ("modelonly12, session 12").
	BareUnplaced bool
}

// DefaultModelOnlyPolicy returns ChatEvidence on, BareUnplaced off.
func DefaultModelOnlyPolicy() ModelOnlyPolicy {
	return ModelOnlyPolicy{ChatEvidence: true}
}

// dropModelOnly removes the model-only term mentions the criterion does not back
// (ModelOnlyPolicy).
func (d *Draft) dropModelOnly(ms []Mention) []Mention {
	p := d.p.ModelOnly
	if !p.ChatEvidence && !p.BareUnplaced {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		if m.Source != SourceModel || m.Term == "" || m.End <= m.Start || m.End > len(d.rs) {
			out = append(out, m)
			continue
		}
		bare := m.OpinionEnd <= m.OpinionStart
		if p.BareUnplaced && bare && m.KG == nil {
			continue
		}
		if p.ChatEvidence && d.s.Conversational && !d.chatBacked(m) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// chatBacked reports whether a model-only mention in a conversation turn passes
// ChatEvidence: an opinion in the term's own clause, a polarity that is not neutral and is
// the sentence's, and a noun for the term's last word.
func (d *Draft) chatBacked(m Mention) bool {
	if m.OpinionEnd <= m.OpinionStart || m.OpinionEnd > len(d.rs) {
		return false
	}
	lo, hi := min(m.Start, m.OpinionStart), max(m.End, m.OpinionEnd)
	for _, r := range d.rs[lo:hi] {
		for _, b := range clausePunct {
			if r == b {
				return false
			}
		}
	}
	pol := NormPolarity(m.Polarity)
	if pol == Neutral || pol == "" {
		return false
	}
	if d.s.Sentiment != "" && NormPolarity(d.s.Sentiment) != pol {
		return false
	}
	return d.nounHead(m.Start, m.End)
}

// nounHead reports whether the last word of [s, e) is one jieba tags a noun (n, nz, ns, nr …,
// vn). Without tagged words it says yes: the rule then leaves the term alone.
func (d *Draft) nounHead(s, e int) bool {
	ws := d.tagWords()
	if ws == nil {
		return true
	}
	for _, w := range ws {
		if w.Start < e && e <= w.End && w.Start < w.End {
			return strings.HasPrefix(w.POS, "n") || w.POS == "vn"
		}
	}
	return false
}
