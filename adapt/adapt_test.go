package adapt

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/model/infer"
)

// needPython skips when no interpreter can train (CI installs one with `make deps-py`).
func needPython(t *testing.T) string {
	t.Helper()
	py, err := FindPython(context.Background(), "")
	if errors.Is(err, ErrNoPython) {
		t.Skipf("skipping the adapt smoke test: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return py
}

// TestAdaptSmoke runs the real thing on the committed 46-line slice: the rows are checked,
// the real PyTorch training runs, the folder it writes is loaded by the real engine, and
// the held-out part is scored with the base and the adapted model.
func TestAdaptSmoke(t *testing.T) {
	needPython(t)
	out := filepath.Join(t.TempDir(), "adapted")
	var log strings.Builder
	rep, err := Run(context.Background(), Options{Train: "testdata/labels_small.csv", Out: out, Engine: engine.Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1}, Log: &log,
		Recipe: `{"max_epochs": 3}`})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for _, w := range []string{"line 6: empty text", "line 10: unknown label \"还行\"", "line 15: 3 columns", "line 21: same text as line 4"} {
		if !strings.Contains(log.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, log.String())
		}
	}
	if len(rep.TrainRows) != 32 || len(rep.HeldOut) != 10 {
		t.Fatalf("train %d held out %d, want 32 and 10 (0.25 of 21+21, stratified)", len(rep.TrainRows), len(rep.HeldOut))
	}
	for _, f := range []string{"model.onnx", "vocab.txt", "model.yaml", "metrics.json", "reference.jsonl"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("folder lacks %s", f)
		}
	}
	if rep.Base.N != 10 || rep.Adapted.N != 10 || rep.Base.Failed+rep.Adapted.Failed != 0 {
		t.Fatalf("scores %+v %+v", rep.Base, rep.Adapted)
	}
	if !strings.HasPrefix(rep.Base.Model, "sentiment-zh ") || !strings.HasPrefix(rep.Adapted.Model, "sentiment-zh-adapted ") ||
		!strings.Contains(rep.Adapted.Model, "+adapt."+rep.Train.SHA256[:12]) {
		t.Errorf("models %q, %q", rep.Base.Model, rep.Adapted.Model)
	}

	// The card: base, data hash, counts, recipe, and the engine's numbers.
	raw, err := os.ReadFile(filepath.Join(out, "model.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var card struct {
		Task       string `yaml:"task"`
		Adaptation struct {
			BaseModel struct{ Name, Version string } `yaml:"base_model"`
			Data      struct {
				SHA256  string         `yaml:"data_sha256"`
				Read    int            `yaml:"rows_read"`
				Usable  int            `yaml:"rows_usable"`
				Train   int            `yaml:"rows_train"`
				HeldOut int            `yaml:"rows_held_out"`
				Skipped map[string]int `yaml:"rows_skipped"`
			} `yaml:"data"`
			Recipe map[string]any `yaml:"recipe"`
		} `yaml:"adaptation"`
		Metrics struct {
			Torch struct {
				Base, Adapted struct {
					N   int
					Acc float64 `yaml:"acc_3way"`
				}
			} `yaml:"heldout_pytorch"`
		} `yaml:"metrics"`
		Engine struct {
			Base, Adapted struct {
				N   int
				Acc float64 `yaml:"acc_3way"`
			}
		} `yaml:"heldout_engine"`
	}
	if err := yaml.Unmarshal(raw, &card); err != nil {
		t.Fatalf("model.yaml: %v", err)
	}
	a := card.Adaptation
	if card.Task != "sentiment" || a.BaseModel.Name != "sentiment-zh" || a.Data.SHA256 != rep.Train.SHA256 || a.Data.Read != 46 || a.Data.Usable != 42 ||
		a.Data.Train != 32 || a.Data.HeldOut != 10 || a.Data.Skipped["duplicate"] != 1 || a.Recipe["max_epochs"] != 3 {
		t.Errorf("card adaptation %+v", a)
	}
	if card.Engine.Adapted.N != 10 || card.Engine.Adapted.Acc != rep.Adapted.Acc || card.Engine.Base.Acc != rep.Base.Acc {
		t.Errorf("card heldout_engine %+v, report %v %v", card.Engine, rep.Base.Acc, rep.Adapted.Acc)
	}
	// Short one-sentence texts: the engine's label is PyTorch's argmax, for both models.
	if card.Metrics.Torch.Adapted.Acc != rep.Adapted.Acc || card.Metrics.Torch.Base.Acc != rep.Base.Acc {
		t.Errorf("PyTorch held-out %+v, engine base %v adapted %v", card.Metrics.Torch, rep.Base.Acc, rep.Adapted.Acc)
	}
	checkReference(t, out)
}

// checkReference runs reference.jsonl's ids through ONNX Runtime on the exported graph and
// compares with the PyTorch probabilities the trainer recorded.
func checkReference(t *testing.T, dir string) {
	t.Helper()
	lib, err := infer.FindLibrary("", "..")
	if err != nil {
		t.Fatal(err)
	}
	if err := infer.Acquire(lib); err != nil {
		t.Fatal(err)
	}
	defer infer.Release()
	s, err := infer.NewSession(filepath.Join(dir, "model.onnx"), []string{"input_ids", "attention_mask"}, []string{"probs"}, infer.Options{IntraOpThreads: 1, InterOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f, err := os.Open(filepath.Join(dir, "reference.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var ref struct {
			Text  string    `json:"text"`
			IDs   []int64   `json:"input_ids"`
			Mask  []int64   `json:"attention_mask"`
			Probs []float64 `json:"probs"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ref); err != nil {
			t.Fatal(err)
		}
		out, err := s.Run(ref.IDs, ref.Mask, 1, len(ref.IDs))
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range out["probs"].Data {
			if math.Abs(float64(p)-ref.Probs[k]) > 1e-4 {
				t.Errorf("%q: ORT p[%d]=%v, PyTorch %v", ref.Text, k, p, ref.Probs[k])
			}
		}
		n++
	}
	if n < 8 {
		t.Errorf("reference.jsonl holds %d texts", n)
	}
}

// TestAdaptRefusals: what cannot be adapted on stops before any training, in one sentence.
func TestAdaptRefusals(t *testing.T) {
	dir := t.TempDir()
	f := func(name, content, opts, want string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		o := Options{Train: p, Out: filepath.Join(dir, "out-"+name), Engine: engine.Config{Home: ".."}}
		if opts == "holdout0.95" {
			o.Holdout = 0.95
		}
		_, err := Run(context.Background(), o)
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want a UsageError containing %q", name, err, want)
		}
	}
	many := func(label string, n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString("第" + string(rune('一'+i)) + "次买，" + label + "\n")
		}
		return b.String()
	}
	f("few.csv", "物流太慢了,负面\n包装很结实,正面\n", "", "2 usable rows (2 read, 0 skipped): at least 20")
	f("one.csv", strings.ReplaceAll(many("很好", 30), "很好\n", "很好,positive\n"), "", "every usable row is labelled positive")
	f("thin.csv", strings.ReplaceAll(many("很好", 30), "很好\n", "很好,positive\n")+"太差了,negative\n差评,negative\n", "", "negative has 2")
	f("h.csv", "a,b\n", "holdout0.95", "--holdout 0.95")
}
