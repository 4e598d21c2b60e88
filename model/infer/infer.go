package infer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// ORTVersion is the ONNX Runtime release the project pins (scripts/fetch_ort.sh).
const ORTVersion = "1.29.0"

// ErrLibraryNotFound is returned when no ONNX Runtime shared library can be found.
var ErrLibraryNotFound = errors.New("ONNX Runtime library not found")

// Options configures sessions.
type Options struct {
	// Device is "cpu" (default) or "cuda".
	Device string
	// IntraOpThreads is ORT's intra-op thread count per session (0: ORT default = cores).
	IntraOpThreads int
	// InterOpThreads is ORT's inter-op thread count (0: ORT default).
	InterOpThreads int
	// CUDADevice is the GPU ordinal for Device "cuda".
	CUDADevice int
}

// runtime holds the process-wide ONNX Runtime environment. onnxruntime_go keeps one
// environment per process; Acquire/Release count its users so it is destroyed last.
var rt struct {
	mu   sync.Mutex
	refs int
	lib  string
}

// FindLibrary returns the path of the ONNX Runtime shared library: explicit (flag or
// TINGZHEN_ORT_LIB), then third_party/ort under TINGZHEN_HOME, the working directory and the
// executable's parent directory.
func FindLibrary(explicit, home string) (string, error) {
	if explicit == "" {
		explicit = os.Getenv("TINGZHEN_ORT_LIB")
	}
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", fmt.Errorf("%w at %s (from --ort-lib or TINGZHEN_ORT_LIB): run `make deps` in the tingzhen repository or point TINGZHEN_ORT_LIB at libonnxruntime.so %s", ErrLibraryNotFound, explicit, ORTVersion)
		}
		return explicit, nil
	}
	var dirs []string
	if home == "" {
		home = os.Getenv("TINGZHEN_HOME")
	}
	if home != "" {
		dirs = append(dirs, home)
	}
	dirs = append(dirs, ".")
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(filepath.Dir(exe)))
	}
	var tried []string
	for _, d := range dirs {
		for _, name := range []string{"libonnxruntime.so." + ORTVersion, "libonnxruntime.so"} {
			p := filepath.Join(d, "third_party", "ort", name)
			tried = append(tried, p)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%w (looked in %v): run `make deps` in the tingzhen repository, or set TINGZHEN_ORT_LIB to libonnxruntime.so %s", ErrLibraryNotFound, tried, ORTVersion)
}

// Acquire initialises the ONNX Runtime environment from lib (once per process) and counts a user.
func Acquire(lib string) error {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.refs > 0 {
		if lib != rt.lib {
			return fmt.Errorf("ONNX Runtime already initialised from %s, cannot switch to %s", rt.lib, lib)
		}
		rt.refs++
		return nil
	}
	// ONNX Runtime 1.29 starts its telemetry system when the environment is created: it
	// writes a device id and an event database (onnxruntime.db) under
	// ~/.cache/Microsoft/DeveloperTools/.onnxruntime/, and the telemetry SDK leaves
	// mat-debug-<pid>.log and .ses files in TMPDIR. DisableTelemetry on a live environment
	// comes too late for those files; only ORT_DISABLE_TELEMETRY, read while the
	// environment is created, keeps the telemetry system from starting at all
	// (TestNoTelemetryFiles). The process environment is the only way to pass it.
	if err := os.Setenv("ORT_DISABLE_TELEMETRY", "1"); err != nil {
		return fmt.Errorf("disable ONNX Runtime telemetry: %w", err)
	}
	ort.SetSharedLibraryPath(lib)
	if err := ort.InitializeEnvironment(); err != nil {
		return fmt.Errorf("initialise ONNX Runtime from %s (need version %s): %w", lib, ORTVersion, err)
	}
	// Also switch off event logging on the environment itself.
	if err := ort.DisableTelemetry(); err != nil {
		ort.DestroyEnvironment()
		return fmt.Errorf("disable ONNX Runtime telemetry: %w", err)
	}
	rt.lib = lib
	rt.refs = 1
	return nil
}

// Release drops a user; the last one destroys the environment.
func Release() error {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.refs == 0 {
		return nil
	}
	rt.refs--
	if rt.refs == 0 {
		rt.lib = ""
		return ort.DestroyEnvironment()
	}
	return nil
}

// Version is the ONNX Runtime version string of the loaded library.
func Version() string {
	if !ort.IsInitialized() {
		return ""
	}
	return ort.GetVersion()
}

// Output is one output tensor copied out of ONNX Runtime.
type Output struct {
	Data  []float32
	Shape []int64
}

// Session is one loaded model, safe for concurrent Run.
type Session struct {
	s       *ort.DynamicAdvancedSession
	inputs  []string
	outputs []string
	path    string
}

// NewSession loads an ONNX model. inputs are the names of the int64 id and mask inputs.
func NewSession(path string, inputs, outputs []string, opt Options) (*Session, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("model file: %w", err)
	}
	return newSession(path, nil, inputs, outputs, opt)
}

// NewSessionFromBytes loads an ONNX model held in memory (data, an encoded ModelProto);
// name says where it came from, for errors.
func NewSessionFromBytes(name string, data []byte, inputs, outputs []string, opt Options) (*Session, error) {
	return newSession(name, data, inputs, outputs, opt)
}

// newSession loads the model in data, or in the file path when data is nil.
func newSession(path string, data []byte, inputs, outputs []string, opt Options) (*Session, error) {
	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("session options: %w", err)
	}
	defer so.Destroy()
	if opt.IntraOpThreads > 0 {
		if err := so.SetIntraOpNumThreads(opt.IntraOpThreads); err != nil {
			return nil, fmt.Errorf("set intra-op threads: %w", err)
		}
	}
	if opt.InterOpThreads > 0 {
		if err := so.SetInterOpNumThreads(opt.InterOpThreads); err != nil {
			return nil, fmt.Errorf("set inter-op threads: %w", err)
		}
	}
	switch opt.Device {
	case "", "cpu":
	case "cuda":
		rt.mu.Lock()
		lib := rt.lib
		rt.mu.Unlock()
		if _, err := CheckCUDA(lib); err != nil {
			return nil, err
		}
		co, err := ort.NewCUDAProviderOptions()
		if err != nil {
			return nil, fmt.Errorf("CUDA provider options (is the CUDA build of ONNX Runtime loaded?): %w", err)
		}
		defer co.Destroy()
		if err := co.Update(map[string]string{"device_id": fmt.Sprint(opt.CUDADevice)}); err != nil {
			return nil, fmt.Errorf("CUDA provider options: %w", err)
		}
		if err := so.AppendExecutionProviderCUDA(co); err != nil {
			return nil, fmt.Errorf("enable CUDA execution provider: %w", err)
		}
	default:
		return nil, fmt.Errorf("unknown device %q (want cpu or cuda)", opt.Device)
	}
	var s *ort.DynamicAdvancedSession
	if data != nil {
		s, err = ort.NewDynamicAdvancedSessionWithONNXData(data, inputs, outputs, so)
	} else {
		s, err = ort.NewDynamicAdvancedSession(path, inputs, outputs, so)
	}
	if err != nil {
		return nil, fmt.Errorf("load ONNX model %s: %w", path, err)
	}
	return &Session{s: s, inputs: inputs, outputs: outputs, path: path}, nil
}

// Outputs lists the output names in order.
func (s *Session) Outputs() []string { return s.outputs }

// Run runs a batch of `batch` sequences of length `seq`, given flat row-major ids and mask.
// A model with one input gets the ids only; one with more than two needs RunInputs.
func (s *Session) Run(ids, mask []int64, batch, seq int) (map[string]Output, error) {
	if batch <= 0 || seq <= 0 || len(ids) != batch*seq || len(mask) != batch*seq {
		return nil, fmt.Errorf("run %s: bad batch %dx%d for %d ids, %d mask", filepath.Base(s.path), batch, seq, len(ids), len(mask))
	}
	in := [][]int64{ids, mask}
	if len(s.inputs) < 2 {
		in = in[:1]
	}
	return s.RunInputs(in, batch, seq)
}

// RunInputs runs a batch given one flat row-major int64 [batch, seq] tensor per input of
// the session, in the order of the input names NewSession got (e.g. input_ids,
// attention_mask, word_tags).
func (s *Session) RunInputs(inputs [][]int64, batch, seq int) (map[string]Output, error) {
	if len(inputs) != len(s.inputs) {
		return nil, fmt.Errorf("run %s: %d inputs given, the session has %d", filepath.Base(s.path), len(inputs), len(s.inputs))
	}
	if batch <= 0 || seq <= 0 {
		return nil, fmt.Errorf("run %s: bad batch %dx%d", filepath.Base(s.path), batch, seq)
	}
	shape := ort.NewShape(int64(batch), int64(seq))
	in := make([]ort.Value, 0, len(inputs))
	defer func() {
		for _, v := range in {
			v.Destroy()
		}
	}()
	for i, data := range inputs {
		if len(data) != batch*seq {
			return nil, fmt.Errorf("run %s: input %s has %d values for a %dx%d batch", filepath.Base(s.path), s.inputs[i], len(data), batch, seq)
		}
		t, err := ort.NewTensor(shape, data)
		if err != nil {
			return nil, fmt.Errorf("input tensor %s: %w", s.inputs[i], err)
		}
		in = append(in, t)
	}
	return s.run(in)
}

// RunFloat32 runs a session whose inputs are float32 tensors, all of one shape, given flat
// row-major in the order of the input names NewSession got.
func (s *Session) RunFloat32(inputs [][]float32, shape []int64) (map[string]Output, error) {
	if len(inputs) != len(s.inputs) {
		return nil, fmt.Errorf("run %s: %d inputs given, the session has %d", filepath.Base(s.path), len(inputs), len(s.inputs))
	}
	size := int64(1)
	for _, d := range shape {
		if d <= 0 {
			return nil, fmt.Errorf("run %s: bad shape %v", filepath.Base(s.path), shape)
		}
		size *= d
	}
	in := make([]ort.Value, 0, len(inputs))
	defer func() {
		for _, v := range in {
			v.Destroy()
		}
	}()
	for i, data := range inputs {
		if int64(len(data)) != size {
			return nil, fmt.Errorf("run %s: input %s has %d values for shape %v", filepath.Base(s.path), s.inputs[i], len(data), shape)
		}
		t, err := ort.NewTensor(ort.NewShape(shape...), data)
		if err != nil {
			return nil, fmt.Errorf("input tensor %s: %w", s.inputs[i], err)
		}
		in = append(in, t)
	}
	return s.run(in)
}

// run runs the session on in and copies its float32 outputs out.
func (s *Session) run(in []ort.Value) (map[string]Output, error) {
	outs := make([]ort.Value, len(s.outputs))
	if err := s.s.Run(in, outs); err != nil {
		return nil, fmt.Errorf("run %s: %w", filepath.Base(s.path), err)
	}
	res := make(map[string]Output, len(outs))
	for i, v := range outs {
		if v == nil {
			continue
		}
		t, ok := v.(*ort.Tensor[float32])
		if !ok {
			v.Destroy()
			return nil, fmt.Errorf("run %s: output %s is not float32", filepath.Base(s.path), s.outputs[i])
		}
		data := append([]float32(nil), t.GetData()...)
		res[s.outputs[i]] = Output{Data: data, Shape: append([]int64(nil), t.GetShape()...)}
		v.Destroy()
	}
	return res, nil
}

// Close releases the session.
func (s *Session) Close() error {
	if s == nil || s.s == nil {
		return nil
	}
	err := s.s.Destroy()
	s.s = nil
	return err
}
