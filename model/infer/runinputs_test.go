package infer

import (
	"math"
	"testing"
)

// TestRunInputs: RunInputs with the session's inputs gives Run's result; a wrong number of
// inputs or a tensor of the wrong size is an error, not a crash.
func TestRunInputs(t *testing.T) {
	s, err := NewSession("../../models/sentiment-zh/model.onnx", []string{"input_ids", "attention_mask"}, []string{"probs"}, Options{IntraOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ids := []int64{101, 6631, 1962, 102, 101, 2345, 102, 0} // [CLS]超好[SEP], [CLS]差[SEP][PAD]
	mask := []int64{1, 1, 1, 1, 1, 1, 1, 0}
	a, err := s.Run(ids, mask, 2, 4)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.RunInputs([][]int64{ids, mask}, 2, 4)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range a["probs"].Data {
		if math.Abs(float64(v-b["probs"].Data[i])) > 1e-6 {
			t.Fatalf("RunInputs probs %v, Run %v", b["probs"].Data, a["probs"].Data)
		}
	}
	f := func(in [][]int64, batch, seq int) {
		t.Helper()
		if _, err := s.RunInputs(in, batch, seq); err == nil {
			t.Errorf("RunInputs(%d inputs, %dx%d): want an error", len(in), batch, seq)
		}
	}
	f([][]int64{ids}, 2, 4)
	f([][]int64{ids, mask, mask}, 2, 4)
	f([][]int64{ids, mask[:7]}, 2, 4)
	f([][]int64{ids, mask}, 0, 4)
}
