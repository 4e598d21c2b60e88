package infer

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	ort "github.com/yalue/onnxruntime_go"
)

// TensorInfo is one input or output as the ONNX file declares it (-1 for a dynamic axis).
type TensorInfo struct {
	Name string
	Dims []int64
}

// Inspect lists the inputs and outputs the ONNX file at path declares (the ONNX Runtime
// environment must be up: Acquire, or an open model).
func Inspect(path string) (inputs, outputs []TensorInfo, err error) {
	ins, outs, err := ort.GetInputOutputInfo(path)
	if err != nil {
		return nil, nil, fmt.Errorf("inspect ONNX model %s: %w", path, err)
	}
	conv := func(l []ort.InputOutputInfo) []TensorInfo {
		out := make([]TensorInfo, len(l))
		for i, x := range l {
			out[i] = TensorInfo{Name: x.Name, Dims: append([]int64(nil), x.Dimensions...)}
		}
		return out
	}
	return conv(ins), conv(outs), nil
}

// CheckNames says which of want the declared tensors lack (nil when none).
func CheckNames(got []TensorInfo, want []string) error {
	have := map[string]bool{}
	var names []string
	for _, g := range got {
		have[g.Name] = true
		names = append(names, g.Name+ort.Shape(g.Dims).String())
	}
	for _, w := range want {
		if !have[w] {
			return fmt.Errorf("want %v, model has %s", want, strings.Join(names, ", "))
		}
	}
	return nil
}

// StepTensor describes one tensor of a Step: float32 of Shape, or with Scalar an int64
// scalar holding Value.
type StepTensor struct {
	Shape  []int64
	Scalar bool
	Value  int64
}

// Step is a set of tensors bound to a session's inputs and outputs (in the order of the
// names the session was made with), allocated once and reused by every Run: for a model run
// many times on same-shaped inputs, such as a recurrent model stepped frame by frame (Silero
// VAD), where making tensors per run would cost as much as the run. The caller fills the
// inputs' data (Input), runs, and reads the outputs' data (Output). A Step is not safe for
// concurrent use (each call makes its own); Close releases it.
type Step struct {
	s       *Session
	in, out []ort.Value
}

// NewStep allocates the tensors of one Step on s.
func (s *Session) NewStep(inputs, outputs []StepTensor) (*Step, error) {
	if len(inputs) != len(s.inputs) || len(outputs) != len(s.outputs) {
		return nil, fmt.Errorf("step %s: %d inputs and %d outputs given, the session has %v and %v", filepath.Base(s.path), len(inputs), len(outputs), s.inputs, s.outputs)
	}
	st := &Step{s: s}
	make1 := func(t StepTensor, name string) (ort.Value, error) {
		var v ort.Value
		var err error
		if t.Scalar {
			v, err = ort.NewScalar(t.Value)
		} else {
			v, err = ort.NewEmptyTensor[float32](ort.NewShape(t.Shape...))
		}
		if err != nil {
			return nil, fmt.Errorf("step %s: tensor %s: %w", filepath.Base(s.path), name, err)
		}
		return v, nil
	}
	for i, t := range inputs {
		v, err := make1(t, s.inputs[i])
		if err != nil {
			st.Close()
			return nil, err
		}
		st.in = append(st.in, v)
	}
	for i, t := range outputs {
		v, err := make1(t, s.outputs[i])
		if err != nil {
			st.Close()
			return nil, err
		}
		st.out = append(st.out, v)
	}
	return st, nil
}

// Input is the data of float32 input i, to fill before Run (nil for a scalar).
func (st *Step) Input(i int) []float32 { return floatData(st.in[i]) }

// Output is the data of float32 output i, valid after Run (nil for a scalar).
func (st *Step) Output(i int) []float32 { return floatData(st.out[i]) }

func floatData(v ort.Value) []float32 {
	if t, ok := v.(*ort.Tensor[float32]); ok {
		return t.GetData()
	}
	return nil
}

// Run runs the session once on the step's tensors.
func (st *Step) Run() error {
	if err := st.s.s.Run(st.in, st.out); err != nil {
		return fmt.Errorf("run %s: %w", filepath.Base(st.s.path), err)
	}
	return nil
}

// Close releases the step's tensors.
func (st *Step) Close() error {
	var errs []error
	for _, v := range append(st.in, st.out...) {
		if v != nil {
			errs = append(errs, v.Destroy())
		}
	}
	st.in, st.out = nil, nil
	return errors.Join(errs...)
}

// Path is the ONNX file the session was loaded from.
func (s *Session) Path() string { return s.path }
