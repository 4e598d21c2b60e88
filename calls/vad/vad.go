package vad

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tingzhen/tingzhen/model"
	"github.com/tingzhen/tingzhen/model/infer"
)

// Config configures a Detector. Zero values take the defaults.
type Config struct {
	// Home is the installation root (default $TINGZHEN_HOME, else ".").
	Home string
	// Model is the ONNX file (default Home/models/silero-vad/silero_vad.onnx).
	Model string
	// ORTLib is the ONNX Runtime library (default: model/infer discovery).
	ORTLib string
	// Threshold is the speech probability that starts speech (default 0.5); speech ends
	// below Threshold − 0.15 (Silero's hysteresis).
	Threshold float32
	// MinSpeech drops speech shorter than this many seconds (default 0.25).
	MinSpeech float64
	// MinSilence is the shortest pause that splits speech (default 0.1 s).
	MinSilence float64
	// Pad widens every segment on both sides (default 0.03 s).
	Pad float64
}

// Segment is one stretch of speech, seconds from the start.
type Segment struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// Detector runs Silero VAD. Safe for concurrent use (one ORT session, per-call state).
type Detector struct {
	cfg        Config
	m          *model.Model // models/silero-vad through package model (card, runtime, session)
	stateShape [3]int64     // [2, batch, 128]
}

// Silero v5 I/O names, checked against the model at load.
var (
	inputNames  = []string{"input", "state", "sr"}
	outputNames = []string{"output", "stateN"}
)

// New loads the model.
func New(cfg Config) (*Detector, error) {
	if cfg.Home == "" {
		cfg.Home = os.Getenv("TINGZHEN_HOME")
	}
	if cfg.Home == "" {
		cfg.Home = "."
	}
	if cfg.Model == "" {
		cfg.Model = filepath.Join(cfg.Home, "models", "silero-vad", "silero_vad.onnx")
	}
	if cfg.Threshold <= 0 || cfg.Threshold >= 1 {
		cfg.Threshold = 0.5
	}
	if cfg.MinSpeech <= 0 {
		cfg.MinSpeech = 0.25
	}
	if cfg.MinSilence <= 0 {
		cfg.MinSilence = 0.1
	}
	if cfg.Pad <= 0 {
		cfg.Pad = 0.03
	}
	if _, err := os.Stat(cfg.Model); err != nil {
		return nil, fmt.Errorf("vad model: %w", err)
	}
	lib, err := model.Runtime(model.Options{ORTLib: cfg.ORTLib, Home: cfg.Home})
	if err != nil {
		return nil, err
	}
	// The ONNX Runtime environment is up while the file's inputs and outputs are checked
	// (a clear error for a wrong file, before a session is made).
	if err := infer.Acquire(lib); err != nil {
		return nil, err
	}
	defer infer.Release()
	ins, outs, err := infer.Inspect(cfg.Model)
	if err != nil {
		return nil, fmt.Errorf("vad model %s: %w", cfg.Model, err)
	}
	if err := infer.CheckNames(ins, inputNames); err != nil {
		return nil, fmt.Errorf("vad model %s inputs: %w", cfg.Model, err)
	}
	if err := infer.CheckNames(outs, outputNames); err != nil {
		return nil, fmt.Errorf("vad model %s outputs: %w", cfg.Model, err)
	}
	d := &Detector{cfg: cfg}
	for _, in := range ins {
		if in.Name == "state" && len(in.Dims) == 3 {
			d.stateShape = [3]int64{in.Dims[0], in.Dims[1], in.Dims[2]}
		}
	}
	if d.stateShape[0] <= 0 || d.stateShape[2] <= 0 {
		return nil, fmt.Errorf("vad model %s: state input has no fixed [2, batch, 128] shape", cfg.Model)
	}
	// One session, one thread: the frames of a call run one after the other (the state
	// carries over), and calls run side by side on the shared session.
	d.m, err = model.Open(filepath.Dir(cfg.Model), model.Options{ORTLib: lib, Home: cfg.Home, IntraOpThreads: 1, InterOpThreads: 1,
		File: filepath.Base(cfg.Model), Inputs: inputNames, Outputs: outputNames})
	if err != nil {
		return nil, fmt.Errorf("load vad model %s: %w", cfg.Model, err)
	}
	return d, nil
}

// Close releases the model.
func (d *Detector) Close() error { return d.m.Close() }

// FrameSize is the samples per model step at rate (512 at 16 kHz, 256 at 8 kHz); the
// model also sees the last 64 / 32 samples of the previous frame as context.
func FrameSize(rate int) (frame, context int, err error) {
	switch rate {
	case 16000:
		return 512, 64, nil
	case 8000:
		return 256, 32, nil
	}
	return 0, 0, fmt.Errorf("vad: sample rate %d Hz, want 8000 or 16000", rate)
}

// Probabilities returns the speech probability of every frame of every channel
// (channels must have equal length; they run as one batch).
func (d *Detector) Probabilities(ctx context.Context, channels [][]float32, rate int) ([][]float32, error) {
	frame, ctxN, err := FrameSize(rate)
	if err != nil {
		return nil, err
	}
	b := len(channels)
	if b == 0 {
		return nil, errors.New("vad: no channels")
	}
	n := len(channels[0])
	for _, c := range channels {
		if len(c) != n {
			return nil, errors.New("vad: channels differ in length")
		}
	}
	frames := (n + frame - 1) / frame
	width := frame + ctxN
	st := d.stateShape
	state := []int64{st[0], int64(b), st[2]}
	step, err := d.m.Session().NewStep(
		[]infer.StepTensor{{Shape: []int64{int64(b), int64(width)}}, {Shape: state}, {Scalar: true, Value: int64(rate)}},
		[]infer.StepTensor{{Shape: []int64{int64(b), 1}}, {Shape: state}})
	if err != nil {
		return nil, fmt.Errorf("vad tensors: %w", err)
	}
	defer step.Close()
	probs := make([][]float32, b)
	for c := range probs {
		probs[c] = make([]float32, frames)
	}
	inData, stData, outData, stN := step.Input(0), step.Input(1), step.Output(0), step.Output(1)
	for f := 0; f < frames; f++ {
		if f%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for c, samples := range channels {
			row := inData[c*width : (c+1)*width]
			// context: the last ctxN samples before this frame (zeros at the start).
			start := f*frame - ctxN
			for i := 0; i < width; i++ {
				j := start + i
				if j >= 0 && j < n {
					row[i] = samples[j]
				} else {
					row[i] = 0
				}
			}
		}
		if err := step.Run(); err != nil {
			return nil, fmt.Errorf("vad run (frame %d): %w", f, err)
		}
		copy(stData, stN)
		for c := range probs {
			probs[c][f] = outData[c]
		}
	}
	return probs, nil
}

// Detect returns the speech segments of every channel.
func (d *Detector) Detect(ctx context.Context, channels [][]float32, rate int) ([][]Segment, error) {
	probs, err := d.Probabilities(ctx, channels, rate)
	if err != nil {
		return nil, err
	}
	frame, _, _ := FrameSize(rate)
	dur := float64(len(channels[0])) / float64(rate)
	out := make([][]Segment, len(probs))
	for c, p := range probs {
		out[c] = Segments(p, float64(frame)/float64(rate), dur, d.cfg)
	}
	return out, nil
}

// Segments turns frame probabilities into speech segments with Silero's rules: speech
// starts at p ≥ threshold, ends after MinSilence below threshold − 0.15; segments
// shorter than MinSpeech are dropped; each is padded by Pad (not past its neighbours).
func Segments(probs []float32, step, duration float64, cfg Config) []Segment {
	th := cfg.Threshold
	if th <= 0 || th >= 1 {
		th = 0.5
	}
	neg := th - 0.15
	var segs []Segment
	in := false
	var start, silenceAt float64
	silent := false
	for i, p := range probs {
		t := float64(i) * step
		switch {
		case p >= th:
			silent = false
			if !in {
				in, start = true, t
			}
		case in && p < neg:
			if !silent {
				silent, silenceAt = true, t
			}
			if t+step-silenceAt >= cfg.MinSilence {
				if silenceAt-start >= cfg.MinSpeech {
					segs = append(segs, Segment{start, silenceAt})
				}
				in, silent = false, false
			}
		}
	}
	if in {
		end := duration
		if silent {
			end = silenceAt
		}
		if end-start >= cfg.MinSpeech {
			segs = append(segs, Segment{start, end})
		}
	}
	for i := range segs {
		lo, hi := 0.0, duration
		if i > 0 {
			lo = segs[i-1].End
		}
		if i+1 < len(segs) {
			hi = segs[i+1].Start
		}
		segs[i].Start = max(lo, segs[i].Start-cfg.Pad)
		segs[i].End = min(hi, segs[i].End+cfg.Pad)
	}
	return segs
}
