package engine

import (
	"fmt"

	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/feeling"
)

// The engine's side of feeling's long-document reading (feeling.Pack, Combine): a text
// longer than the sentiment model's window is also read as windows of consecutive
// sentences, and the document label combines the windows' probabilities.

// addWindowUnits appends the units of r's windows to texts when r is longer than the model
// window and the policy reads windows. A window of one sentence reuses that sentence's
// unit; when every window is one sentence no unit is added.
func (e *Engine) addWindowUnits(r *record, texts []string) []string {
	if r.docUnit >= 0 || len(r.sents) <= 1 || !e.cfg.Feeling.Windowed() {
		return texts
	}
	spans := make([][2]int, len(r.sents))
	for i, s := range r.sents {
		spans[i] = [2]int{s.Start, s.End}
	}
	wins := feeling.Pack(spans, e.sentiment.MaxLen()-2)
	var rs []rune // the normalised text as code points, made when a window has two sentences
	r.winUnits = make([]int, len(wins))
	for k, w := range wins {
		if w[1]-w[0] == 1 {
			r.winUnits[k] = r.sentUnits[w[0]]
			continue
		}
		if rs == nil {
			rs = []rune(r.norm.Text)
		}
		r.winUnits[k] = len(texts)
		texts = append(texts, e.modelText(r, string(rs[spans[w[0]][0]:spans[w[1]-1][1]])))
	}
	return texts
}

// windowProbs combines r's windows' probabilities, each weighted by its token count
// (feeling.Combine with the policy's reading).
func (e *Engine) windowProbs(r *record, encs []*tokenize.Encoding, rows []map[string][]float32) [3]float32 {
	out := e.sentiment.Output()
	probs := make([][3]float32, len(r.winUnits))
	lens := make([]int, len(r.winUnits))
	for k, u := range r.winUnits {
		copy(probs[k][:], rows[u][out])
		lens[k] = encs[u].Len()
	}
	pol := e.cfg.Feeling
	return feeling.Combine(probs, lens, pol.LongDoc, pol.LastWindowWeight)
}

// checkLongDoc rejects an unknown Config.Feeling.LongDoc.
func checkLongDoc(c Config) error {
	if err := feeling.CheckLongDoc(c.Feeling.LongDoc); err != nil {
		return fmt.Errorf("engine config: %w", err)
	}
	return nil
}
