package infer

import (
	"strings"
	"testing"
)

// TestInspectAndStep: Silero VAD's declared tensors, a Step bound to them run on silence
// (a probability in [0, 1], the state fed back has the state's size), and the errors for a
// wrong tensor count and a missing name.
func TestInspectAndStep(t *testing.T) {
	path := "../../models/silero-vad/silero_vad.onnx"
	ins, outs, err := Inspect(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckNames(ins, []string{"input", "state", "sr"}); err != nil {
		t.Fatal(err)
	}
	if err := CheckNames(outs, []string{"output", "stateN"}); err != nil {
		t.Fatal(err)
	}
	if err := CheckNames(outs, []string{"probs"}); err == nil || !strings.Contains(err.Error(), "stateN") {
		t.Fatalf("missing name: %v, want an error listing the model's outputs", err)
	}
	s, err := NewSession(path, []string{"input", "state", "sr"}, []string{"output", "stateN"}, Options{IntraOpThreads: 1, InterOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.NewStep([]StepTensor{{Shape: []int64{1, 576}}}, nil); err == nil {
		t.Fatal("a step with one input of three was made")
	}
	state := []int64{2, 1, 128}
	st, err := s.NewStep([]StepTensor{{Shape: []int64{1, 576}}, {Shape: state}, {Scalar: true, Value: 16000}}, []StepTensor{{Shape: []int64{1, 1}}, {Shape: state}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if len(st.Input(0)) != 576 || st.Input(2) != nil || len(st.Output(1)) != 256 {
		t.Fatalf("step data sizes %d, %v, %d", len(st.Input(0)), st.Input(2), len(st.Output(1)))
	}
	for i := 0; i < 3; i++ {
		if err := st.Run(); err != nil {
			t.Fatal(err)
		}
		copy(st.Input(1), st.Output(1))
	}
	if p := st.Output(0)[0]; p < 0 || p > 1 || p > 0.5 {
		t.Fatalf("speech probability of silence %v", p)
	}
}
