package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/adapt"
)

// TestAdaptCLI: `tingzhen adapt` on the committed slice (real training, skipped without a
// Python that has torch: `make deps-py`), then `analyze --sentiment-model DIR` loads the
// folder it wrote like the shipped model.
func TestAdaptCLI(t *testing.T) {
	if _, err := adapt.FindPython(context.Background(), ""); errors.Is(err, adapt.ErrNoPython) {
		t.Skipf("skipping: %v", err)
	}
	out := filepath.Join(t.TempDir(), "my-model")
	// The default's soft self-training, made tiny, with the lexical head and the prior
	// correction, so the --unlabelled path (a CSV export with two bad rows) runs too.
	code, stdout, stderr := runCLI(t, "adapt", "--train", "../../adapt/testdata/labels_small.csv", "--out", out,
		"--unlabelled", "../../adapt/testdata/unlabelled_small.csv", "--recipe", `{"max_epochs":2,"soup":1,"st_epochs":1,"bag":4096,"bag_epochs":3,"prior":"match"}`)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, w := range []string{"46 rows, 42 usable, 4 skipped", "trained on 32 rows (negative 16, positive 16); held out 10", "held-out accuracy through the engine (n=10)", "sentiment-zh-adapted",
		"unlabelled_small.csv: 24 unlabelled texts, 2 skipped; 24 given to the trainer (0 dropped: also labelled)"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	for _, w := range []string{"labels_small.csv: line 10: unknown label \"还行\"",
		"unlabelled_small.csv: line 14: 4 columns, want 3 (as the header)", "unlabelled_small.csv: line 15: empty text"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Training struct {
			SelfTraining struct {
				UnlabelledUsed int `json:"unlabelled_used"`
				Pseudo         int `json:"pseudo_labelled"`
			} `json:"self_training"`
			Prior struct {
				Method         string             `json:"method"`
				UnlabelledUsed int                `json:"unlabelled_used"`
				Shift          map[string]float64 `json:"logit_shift"`
			} `json:"prior"`
		} `json:"training"`
	}
	if err := json.Unmarshal(raw, &m); err != nil || m.Training.SelfTraining.UnlabelledUsed != 24 || m.Training.SelfTraining.Pseudo == 0 {
		t.Errorf("metrics.json self_training %+v (%v): want 24 unlabelled used and some pseudo-labelled", m.Training.SelfTraining, err)
	}
	if p := m.Training.Prior; p.Method != "match" || p.UnlabelledUsed != 24 || len(p.Shift) != 2 {
		t.Errorf("metrics.json prior %+v: want match over 24 unlabelled texts, a shift for negative and positive", p)
	}
	code, stdout, stderr = runCLI(t, "analyze", "--no-aspects", "--sentiment-model", out, "物流太慢了，包装倒是很结实")
	if code != exitOK {
		t.Fatalf("analyze with the adapted model: exit %d\n%s", code, stderr)
	}
	var res struct {
		Sentiment struct{ Label string } `json:"sentiment"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Sentiment.Label == "" {
		t.Fatalf("analyze output %q: %v", stdout, err)
	}
	code, _, stderr = runCLI(t, "adapt", "--train", "../../adapt/testdata/labels_small.csv", "--out", out)
	if code != exitUsage || !strings.Contains(stderr, "already holds a model.onnx") {
		t.Errorf("a second adapt into the same folder: exit %d, %s", code, stderr)
	}
}

func TestAdaptUsage(t *testing.T) {
	f := func(want string, args ...string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, append([]string{"adapt"}, args...)...)
		if !strings.Contains(stdout+stderr, want) {
			t.Errorf("adapt %v: exit %d, output lacks %q:\n%s%s", args, code, want, stdout, stderr)
		}
	}
	f("adapt needs --train FILE and --out DIR")
	f("正面", "--help")
	f("make deps-py", "--help")
	f("unexpected arguments", "labels.csv")
	f("usable rows", "--train", "testdata/../../../adapt/testdata/README.md", "--out", t.TempDir())
	f("read unlabelled texts", "--train", "../../adapt/testdata/labels_small.csv", "--unlabelled", "no-such-file.txt", "--out", t.TempDir())
	noHeader := filepath.Join(t.TempDir(), "texts.csv")
	if err := os.WriteFile(noHeader, []byte("物流很快,positive\n包装破了,negative\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f("line 1: want a header row naming the text column", "--train", "../../adapt/testdata/labels_small.csv", "--unlabelled", noHeader, "--out", t.TempDir())
}

func TestSentimentModelPath(t *testing.T) {
	abs, _ := filepath.Abs("out/m")
	f := func(in, want string) {
		t.Helper()
		if got := sentimentModelPath(in); got != want {
			t.Errorf("sentimentModelPath(%q) = %q, want %q", in, got, want)
		}
	}
	f("", "")
	f("sentiment-zh", "sentiment-zh")
	f("out/m", abs)
	f("./out/m", abs)
	f("/tmp/m", "/tmp/m")
}
