package calls

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
)

// fiveMinuteCall builds a realistic 5-minute call from the committed JDDC fixtures: the
// five sessions' turns back to back (unlabelled speakers), the first 80 turns, each
// clipped to 40 characters, timestamps rescaled to 300 s.
func fiveMinuteCall(t testing.TB) Call {
	t.Helper()
	c := Call{ID: "bench-5min", Timed: true, Format: FormatJSON}
	for _, short := range []string{"9aef4148", "0ef81ced", "227f2410", "06d51010", "03c46b1a"} {
		for _, tr := range loadFunASR(t, short).Turns {
			if len(c.Turns) == 80 {
				break
			}
			r := []rune(tr.Text)
			if len(r) > 40 {
				tr.Text = string(r[:40])
			}
			tr.Speaker = "spk" + tr.Speaker
			c.Turns = append(c.Turns, tr)
		}
	}
	// re-time: each turn lasts chars/4.5 s, gaps fill the rest of 300 s evenly.
	chars := 0
	for _, tr := range c.Turns {
		chars += len([]rune(tr.Text))
	}
	gap := (300 - float64(chars)/fixCharsPerSec) / float64(len(c.Turns))
	at := 0.0
	for i := range c.Turns {
		d := float64(len([]rune(c.Turns[i].Text))) / fixCharsPerSec
		c.Turns[i].Start, c.Turns[i].End = at, at+d
		at += d + gap
	}
	return c
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchCall(b *testing.B, withModels bool) {
	benchCallOn(b, needEngine(b), withModels, "")
}

// benchCallOn times the 5-minute call on e; industry, when given, is the call's industry
// (default: inferred from the call, ecommerce).
func benchCallOn(b *testing.B, e *engine.Engine, withModels bool, industry string) {
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	call := fiveMinuteCall(b)
	call.Industry = industry
	ctx := context.Background()
	run := a.e.Analyze
	if !withModels {
		// record the engine's results once, then time everything else.
		var rec []engine.Result
		if _, err := a.analyze(ctx, call, func(ctx context.Context, in []engine.Input) ([]engine.Result, error) {
			var err error
			rec, err = e.Analyze(ctx, in)
			return rec, err
		}); err != nil {
			b.Fatal(err)
		}
		run = func(context.Context, []engine.Input) ([]engine.Result, error) { return rec, nil }
	}
	chars := 0
	for _, t := range call.Turns {
		chars += len([]rune(t.Text))
	}
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := a.analyze(ctx, call, run); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N)/1e6, "cpu_ms/op")
	b.ReportMetric(float64(len(call.Turns)), "turns")
	b.ReportMetric(float64(chars), "chars")
}

// BenchmarkAnalyzeCall: one 5-minute, 80-turn call, everything incl. the models run by
// Engine.Analyze on one ORT thread and one infer worker: sentiment and aspects (the
// category model is loaded but runs on automotive calls only; this call is ecommerce).
func BenchmarkAnalyzeCall(b *testing.B) { benchCall(b, true) }

// BenchmarkAnalyzeCallAutomotive: the same call declared automotive, so that the
// category model (category-car) runs on every sentence as well: all three models.
func BenchmarkAnalyzeCallAutomotive(b *testing.B) {
	benchCallOn(b, needEngine(b), true, "automotive")
}

// BenchmarkAnalyzeCallNoModels: the same call with Engine.Analyze's results replayed:
// parsing-free transcript work (clean-up, roles, segmentation for emotions, signals,
// curve, metrics, compliance, KG industry inference).
func BenchmarkAnalyzeCallNoModels(b *testing.B) { benchCall(b, false) }

// BenchmarkAnalyzeCallSentimentOnly: the same call on an engine without the aspect and
// category models (tingzhen transcript analyze --no-aspects): sentiment model only,
// aspects from the knowledge graph's term matching.
func BenchmarkAnalyzeCallSentimentOnly(b *testing.B) {
	e, err := engine.New(context.Background(), engine.Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1, AspectModel: "-", CategoryModel: "-"})
	if err != nil {
		b.Skipf("no engine: %v", err)
	}
	defer e.Close()
	benchCallOn(b, e, true, "")
}
