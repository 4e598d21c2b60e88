package model

import (
	"context"
	"math"
	"testing"

	"github.com/tingzhen/tingzhen/testfixture"
)

// aspectRef is a line of models/aspect-zh/reference.jsonl: its padded ids and outputs.
type aspectRef struct {
	Text    string `json:"text"`
	SeqLen  int    `json:"seq_len"`
	Outputs map[string]struct {
		Shape []int     `json:"shape"`
		Data  []float64 `json:"data"`
	} `json:"outputs"`
}

// TestAspectReferenceParity: ONNX Runtime from Go gives each aspect model's reference outputs (aspect-zh, aspect-zh-silverspan)
// (written by the code that wrote the model: training/train_aspect.py, or the NumPy
// emulation of the int8 graph in training/quantize_aspect.py) within 1e-4 at every real
// position and cell, all texts in one call and one by one; and a text's outputs do not
// depend on the other texts of its batch (int8 activation scales are static).
func TestAspectReferenceParity(t *testing.T) {
	for _, name := range []string{"aspect-zh", "aspect-zh-silverspan"} {
		t.Run(name, func(t *testing.T) { aspectReferenceParity(t, name) })
	}
}

// aspectReferenceParity checks the aspect model folder name against its reference.jsonl.
func aspectReferenceParity(t *testing.T, name string) {
	m := open(t, name)
	refs := testfixture.ReadJSONL[aspectRef](t, "../models/"+name+"/reference.jsonl")
	texts := make([]string, len(refs))
	for i, r := range refs {
		texts[i] = r.Text
	}
	var all [][]map[string][]float32
	for _, maxBatch := range []int{64, 1} {
		encs, rows, err := m.Run(context.Background(), texts, maxBatch, 8192)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, rows)
		maxDiff := 0.0
		for i, r := range refs {
			n := encs[i].Len()
			if n != r.SeqLen {
				t.Fatalf("%q: %d tokens, reference %d", r.Text, n, r.SeqLen)
			}
			seq := len(rows[i]["aspect_probs"]) / 3
			for name, width := range map[string]int{"aspect_probs": 3, "opinion_probs": 3, "pair_probs": 4} {
				want := r.Outputs[name]
				refSeq := want.Shape[0]
				got := rows[i][name]
				cells := [][2]int{}
				for a := 0; a < n; a++ {
					if name != "pair_probs" {
						cells = append(cells, [2]int{a, -1})
						continue
					}
					for b := 0; b < n; b++ {
						cells = append(cells, [2]int{a, b})
					}
				}
				for _, c := range cells {
					gi, wi := c[0]*width, c[0]*width
					if c[1] >= 0 {
						gi, wi = (c[0]*seq+c[1])*width, (c[0]*refSeq+c[1])*width
					}
					for k := 0; k < width; k++ {
						d := math.Abs(float64(got[gi+k]) - want.Data[wi+k])
						maxDiff = math.Max(maxDiff, d)
						if d > 1e-4 {
							t.Fatalf("batch %d, %q: %s %v[%d] = %v, reference %v", maxBatch, r.Text, name, c, k, got[gi+k], want.Data[wi+k])
						}
					}
				}
			}
		}
		t.Logf("batch %d: max abs diff Go/ORT vs reference %.2g", maxBatch, maxDiff)
	}
	for i := range refs {
		for _, name := range []string{"aspect_probs", "opinion_probs"} {
			n := len(all[1][i][name])
			for k := 0; k < n; k++ {
				if all[0][i][name][k] != all[1][i][name][k] {
					t.Fatalf("%q: %s[%d] %v in a batch, %v alone", texts[i], name, k, all[0][i][name][k], all[1][i][name][k])
				}
			}
		}
	}
}
