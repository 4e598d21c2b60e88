package vad

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"syscall"
	"testing"
	"time"
)

func newDetector(t testing.TB) *Detector {
	t.Helper()
	d, err := New(Config{Home: "../.."})
	if err != nil {
		t.Skipf("no VAD (ONNX Runtime or model missing; run `make deps`): %v", err)
	}
	return d
}

// readWAV16 reads a 16-bit PCM WAV (canonical 44-byte header) for the tests.
func readWAV16(t testing.TB, path string) ([]float32, int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rate := int(binary.LittleEndian.Uint32(b[24:28]))
	pcm := b[44:]
	out := make([]float32, len(pcm)/2)
	for i := range out {
		out[i] = float32(int16(binary.LittleEndian.Uint16(pcm[2*i:]))) / 32768
	}
	return out, rate
}

func TestAISHELLSpeech(t *testing.T) {
	d := newDetector(t)
	defer d.Close()
	samples, rate := readWAV16(t, "../testdata/aishell-BAC009S0724W0121.wav")
	segs, err := d.Detect(context.Background(), [][]float32{samples}, rate)
	if err != nil {
		t.Fatal(err)
	}
	speech := 0.0
	for _, s := range segs[0] {
		speech += s.End - s.Start
	}
	dur := float64(len(samples)) / float64(rate)
	t.Logf("%.2f s audio, %.2f s speech in %d segments: %+v", dur, speech, len(segs[0]), segs[0])
	// 广州市房地产中介协会分析 is read without long pauses: most of the 4.3 s is speech.
	if len(segs[0]) == 0 || speech < 0.6*dur {
		t.Fatalf("speech %.2f s of %.2f s", speech, dur)
	}
	// Silence (zeros) and white noise at speech level must not be speech.
	for name, x := range map[string][]float32{"zeros": make([]float32, 3*rate), "noise": noise(3*rate, 0.01)} {
		segs, err := d.Detect(context.Background(), [][]float32{x}, rate)
		if err != nil {
			t.Fatal(err)
		}
		if len(segs[0]) != 0 {
			t.Errorf("%s: speech found %+v", name, segs[0])
		}
	}
}

func TestAISHELL8kHz(t *testing.T) {
	d := newDetector(t)
	defer d.Close()
	s16, _ := readWAV16(t, "../testdata/aishell-BAC009S0724W0121.wav")
	// 2:1 decimation after a 2-tap average (enough for a VAD check).
	s8 := make([]float32, len(s16)/2)
	for i := range s8 {
		s8[i] = (s16[2*i] + s16[2*i+1]) / 2
	}
	segs, err := d.Detect(context.Background(), [][]float32{s8}, 8000)
	if err != nil {
		t.Fatal(err)
	}
	if len(segs[0]) == 0 {
		t.Fatal("no speech at 8 kHz")
	}
}

func TestSegments(t *testing.T) {
	cfg := Config{Threshold: 0.5, MinSpeech: 0.25, MinSilence: 0.1, Pad: 0}
	step := 0.032
	p := func(vals ...float32) []float32 { return vals }
	tests := []struct {
		name  string
		probs []float32
		want  int
	}{
		{"none", p(0.1, 0.1, 0.2, 0.1), 0},
		{"too short", p(0.9, 0.9, 0.1, 0.1, 0.1, 0.1), 0},
		{"one", p(0.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1), 1},
		{"hysteresis keeps 0.4", p(0.9, 0.9, 0.9, 0.4, 0.4, 0.4, 0.4, 0.9, 0.9, 0.9, 0.9), 1},
		{"two", p(0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9), 2},
	}
	for _, tc := range tests {
		got := Segments(tc.probs, step, float64(len(tc.probs))*step, cfg)
		if len(got) != tc.want {
			t.Errorf("%s: %+v, want %d segments", tc.name, got, tc.want)
		}
	}
}

func noise(n int, amp float64) []float32 {
	x := make([]float32, n)
	var s uint32 = 12345
	for i := range x {
		s = s*1664525 + 1013904223
		x[i] = float32(amp * (float64(s)/math.MaxUint32*2 - 1))
	}
	return x
}

// BenchmarkVAD: 60 s of real AISHELL speech (tiled) per channel at 16 kHz, mono and stereo
// (both channels in one batch); reports real-time factors per channel from wall and CPU
// time (audio seconds × channels / seconds).
func BenchmarkVAD(b *testing.B) {
	d := newDetector(b)
	defer d.Close()
	s, rate := readWAV16(b, "../testdata/aishell-BAC009S0724W0121.wav")
	n := 60 * rate
	left, right := make([]float32, n), make([]float32, n)
	for i := 0; i < n; i++ {
		left[i] = s[i%len(s)]
		right[i] = s[(i+len(s)/2)%len(s)]
	}
	for _, tc := range []struct {
		name string
		ch   [][]float32
	}{{"mono", [][]float32{left}}, {"stereo", [][]float32{left, right}}} {
		b.Run(tc.name, func(b *testing.B) {
			c0 := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := d.Detect(context.Background(), tc.ch, rate); err != nil {
					b.Fatal(err)
				}
			}
			audio := 60 * float64(len(tc.ch))
			cpu := (cpuTime() - c0).Seconds() / float64(b.N)
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(audio/sec, "x_realtime_wall")
			b.ReportMetric(audio/cpu, "x_realtime_cpu")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
