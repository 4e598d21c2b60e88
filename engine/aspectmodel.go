package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tingzhen/tingzhen/engine/aspect"
	"github.com/tingzhen/tingzhen/engine/infer"
)

// aspectModel is the aspect/opinion triplet extractor (aspect-zh) with its decoder.
type aspectModel struct {
	m       *model
	dec     *aspect.Decoder
	outputs []outSpec
}

// outSpec is an output's rank ([batch, seq, C] = 3, [batch, seq, seq, C] = 4) and last dimension.
type outSpec struct {
	name       string
	rank, last int
}

// loadAspectModel loads aspect-zh; a folder without model.onnx means "no aspect model"
// (aspects then come from the knowledge graph alone).
func loadAspectModel(dir string, opt infer.Options, workers int) (*aspectModel, error) {
	if _, err := os.Stat(filepath.Join(dir, "model.onnx")); os.IsNotExist(err) {
		return nil, nil
	}
	card, err := aspect.LoadCard(filepath.Join(dir, "model.yaml"))
	if err != nil {
		return nil, err
	}
	dec, err := aspect.NewDecoder(card)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	var outs []outSpec
	for _, o := range card.Outputs {
		last := 0
		if len(o.Shape) > 0 {
			fmt.Sscan(o.Shape[len(o.Shape)-1], &last)
		}
		if (len(o.Shape) != 3 && len(o.Shape) != 4) || last <= 0 {
			return nil, fmt.Errorf("load model %s: output %s has shape %v, want [batch, seq, C] or [batch, seq, seq, C]", dir, o.Name, o.Shape)
		}
		outs = append(outs, outSpec{o.Name, len(o.Shape), last})
	}
	m, err := loadModel(dir, opt, workers)
	if err != nil {
		return nil, err
	}
	return &aspectModel{m: m, dec: dec, outputs: outs}, nil
}

func (a *aspectModel) close() error {
	if a == nil {
		return nil
	}
	return a.m.close()
}

// extract returns, per text, the model's triplets as Aspects with code-point offsets into
// that text.
func (a *aspectModel) extract(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]Aspect, error) {
	encs, rows, err := a.m.run(ctx, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	out := make([][]Aspect, len(texts))
	for i, row := range rows {
		n := encs[i].Len()
		// Rows keep their batch's padded length S: [S, C] tags, [S, S, C] pairs (model card shapes).
		shapes := make(map[string][]int64, len(row))
		for _, o := range a.outputs {
			data := row[o.name]
			if o.rank == 3 {
				shapes[o.name] = []int64{1, int64(len(data) / o.last), int64(o.last)}
			} else {
				s := isqrt(len(data) / o.last)
				shapes[o.name] = []int64{1, int64(s), int64(s), int64(o.last)}
			}
		}
		trips, err := a.dec.Decode(row, shapes, []int{n})
		if err != nil {
			return nil, fmt.Errorf("decode aspects of %q: %w", clip(texts[i], 40), err)
		}
		rs := []rune(texts[i])
		e := encs[i]
		for _, t := range trips[0] {
			if t.Bare() {
				// An aspect term without an opinion (decoding.bare_aspects): the policy finds
				// its opinion and polarity in the clause.
				if t.AspectStart >= 1 && t.AspectEnd <= n-1 && t.AspectEnd > t.AspectStart {
					s, en := e.Starts[t.AspectStart], e.Ends[t.AspectEnd-1]
					out[i] = append(out[i], Aspect{Term: string(rs[s:en]), Start: s, End: en, Confidence: round4(t.Score), Source: "model"})
				}
				continue
			}
			if t.OpinionStart < 1 || t.OpinionEnd > n-1 || t.OpinionEnd <= t.OpinionStart {
				continue
			}
			os, oe := e.Starts[t.OpinionStart], e.Ends[t.OpinionEnd-1]
			asp := Aspect{Opinion: string(rs[os:oe]), Polarity: t.Polarity, OpinionStart: os, OpinionEnd: oe, Confidence: round4(t.Score), Source: "model"}
			if t.AspectStart >= 1 && t.AspectEnd <= n-1 && t.AspectEnd > t.AspectStart {
				s, en := e.Starts[t.AspectStart], e.Ends[t.AspectEnd-1]
				asp.Term, asp.Start, asp.End = string(rs[s:en]), s, en
			} else {
				asp.Start, asp.End = os, oe // implicit: the span is the opinion's
			}
			out[i] = append(out[i], asp)
		}
	}
	return out, nil
}

func isqrt(n int) int {
	r := 0
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}
