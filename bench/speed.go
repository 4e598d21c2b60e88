package bench

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/tingzhen/tingzhen/model"
)

// SpeedResult is the throughput and latency of one model at one batch size (and, for
// synthetic runs, one sequence length).
type SpeedResult struct {
	Model        string  `json:"model"`
	Threads      int     `json:"threads"`
	Batch        int     `json:"batch"`
	SeqLen       int     `json:"seq_len,omitempty"` // 0: real texts
	Input        string  `json:"input"`
	Batches      int     `json:"batches"`
	Texts        int     `json:"texts"`
	Tokens       int     `json:"tokens"`
	Seconds      float64 `json:"seconds"`
	TextsPerSec  float64 `json:"texts_per_sec"`
	TokensPerSec float64 `json:"tokens_per_sec"`
	P50ms        float64 `json:"p50_ms"`
	P95ms        float64 `json:"p95_ms"`
	P99ms        float64 `json:"p99_ms"`
	PeakRSSMB    float64 `json:"peak_rss_mb"` // of the whole process so far (getrusage maxrss)
}

// SpeedOptions configures one speed run.
type SpeedOptions struct {
	Batch    int
	Duration time.Duration // measured time (after warm-up)
	Warmup   int           // warm-up batches, not measured
	Threads  int           // reported only: the runner was opened with it
	Input    string        // description of the texts
	SeqLen   int           // reported only: texts were made with SyntheticTexts
}

// Speed runs r on consecutive batches of texts (cycling) for opt.Duration after opt.Warmup
// warm-up batches; each batch is one end-to-end call (tokenization, padding, inference,
// decoding) timed alone.
func Speed(ctx context.Context, r *model.Model, texts []string, opt SpeedOptions) (*SpeedResult, error) {
	if len(texts) == 0 {
		return nil, errors.New("speed: no texts")
	}
	if opt.Batch <= 0 {
		opt.Batch = 1
	}
	tokens := make([]int, len(texts))
	for i, t := range texts {
		tokens[i] = r.Tokens(t)
	}
	maxTokens := opt.Batch * r.MaxLen()
	next := 0
	take := func() ([]string, int) {
		b := make([]string, opt.Batch)
		n := 0
		for k := range b {
			b[k] = texts[next]
			n += tokens[next]
			next = (next + 1) % len(texts)
		}
		return b, n
	}
	for i := 0; i < opt.Warmup; i++ {
		b, _ := take()
		if err := runModel(ctx, r, b, opt.Batch, maxTokens); err != nil {
			return nil, fmt.Errorf("speed warm-up: %w", err)
		}
	}
	res := &SpeedResult{Model: r.Name(), Threads: opt.Threads, Batch: opt.Batch, SeqLen: opt.SeqLen, Input: opt.Input}
	var lat []float64
	start := time.Now()
	for time.Since(start) < opt.Duration || res.Batches < 3 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, n := take()
		t0 := time.Now()
		if err := runModel(ctx, r, b, opt.Batch, maxTokens); err != nil {
			return nil, fmt.Errorf("speed: %w", err)
		}
		lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		res.Batches++
		res.Texts += len(b)
		res.Tokens += n
	}
	res.Seconds = time.Since(start).Seconds()
	res.TextsPerSec = float64(res.Texts) / res.Seconds
	res.TokensPerSec = float64(res.Tokens) / res.Seconds
	sort.Float64s(lat)
	res.P50ms, res.P95ms, res.P99ms = Percentile(lat, 50), Percentile(lat, 95), Percentile(lat, 99)
	res.PeakRSSMB = PeakRSSMB()
	return res, nil
}

// PeakRSSMB is the process's peak resident set size in MiB (getrusage ru_maxrss, KiB on Linux).
func PeakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / (1 << 20)
	}
	return float64(ru.Maxrss) / 1024
}

// SyntheticTexts makes n texts of exactly seqLen tokens for a BERT-style Chinese model
// ([CLS] + seqLen-2 CJK characters, one token each + [SEP]), cut from the CJK characters of
// the real texts in order, so the characters are realistic and the lengths exact.
func SyntheticTexts(real []string, n, seqLen int) ([]string, error) {
	if seqLen < 3 {
		return nil, fmt.Errorf("seq-len %d: want at least 3 (CLS, one character, SEP)", seqLen)
	}
	var pool []rune
	for _, t := range real {
		for _, r := range t {
			if unicode.Is(unicode.Han, r) {
				pool = append(pool, r)
			}
		}
	}
	if len(pool) == 0 {
		return nil, errors.New("synthetic texts: no CJK characters in the source texts")
	}
	out := make([]string, n)
	k := 0
	for i := range out {
		var b strings.Builder
		for j := 0; j < seqLen-2; j++ {
			b.WriteRune(pool[k%len(pool)])
			k++
		}
		out[i] = b.String()
	}
	return out, nil
}
