package infer

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/testfixture"
)

func TestMain(m *testing.M) {
	lib, err := FindLibrary("", "../..")
	if errors.Is(err, ErrLibraryNotFound) && os.Getenv("TINGZHEN_ORT_LIB") == "" {
		println("skipping infer tests:", err.Error())
		os.Exit(0)
	}
	if err != nil {
		println(err.Error())
		os.Exit(1)
	}
	if err := Acquire(lib); err != nil {
		println(err.Error())
		os.Exit(1)
	}
	code := m.Run()
	Release()
	os.Exit(code)
}

type refLine struct {
	Text  string     `json:"text"`
	IDs   []int64    `json:"input_ids"`
	Mask  []int64    `json:"attention_mask"`
	Probs flatFloats `json:"probs"`
}

// flatFloats reads a JSON array of numbers, or of arrays of numbers (category-car's
// [dimension][state] probabilities), flattened in row-major order as ORT returns them.
type flatFloats []float64

func (f *flatFloats) UnmarshalJSON(b []byte) error {
	var flat []float64
	if err := json.Unmarshal(b, &flat); err == nil {
		*f = flat
		return nil
	}
	var rows [][]float64
	if err := json.Unmarshal(b, &rows); err != nil {
		return err
	}
	for _, r := range rows {
		*f = append(*f, r...)
	}
	return nil
}

func readRefs(t *testing.T, path string) []refLine {
	t.Helper()
	return testfixture.ReadJSONL[refLine](t, path)
}

func pad(refs []refLine) (ids, mask []int64, seq int) {
	for _, r := range refs {
		if len(r.IDs) > seq {
			seq = len(r.IDs)
		}
	}
	ids = make([]int64, len(refs)*seq)
	mask = make([]int64, len(refs)*seq)
	for i, r := range refs {
		copy(ids[i*seq:], r.IDs)
		copy(mask[i*seq:], r.Mask)
	}
	return ids, mask, seq
}

// TestModelParity: ONNX Runtime from Go gives PyTorch's probabilities (max abs diff ≤ 1e-4)
// on each classifier's reference texts, batched with padding and one by one, and the Go
// tokenizer gives the training code's ids. (aspect-zh's reference is checked with its
// decoder in engine/aspect; polarity-zh's marked ids in engine's TestPolarityParity.)
func TestModelParity(t *testing.T) {
	type parityCase struct {
		model  string
		maxLen int
		shape  []int64 // per text
		// marked: the ids carry aspect markers around a span, so they are not the plain
		// tokenizer's (engine's TestPolarityParity checks how they are built).
		marked bool
	}
	cases := []parityCase{
		{"sentiment-zh", 128, []int64{3}, false},
		{"category-car", 256, []int64{10, 4}, false},
		{"polarity-zh", 128, []int64{3}, true},
	}
	// The other installed category models (training/train_category.py): D dimensions × 4.
	dirs, _ := filepath.Glob("../../models/category-*/model.onnx")
	for _, f := range dirs {
		dir := filepath.Dir(f)
		if filepath.Base(dir) == "category-car" {
			continue
		}
		refs := readRefs(t, filepath.Join(dir, "reference.jsonl"))
		card, err := os.ReadFile(filepath.Join(dir, "model.yaml"))
		if err != nil || len(refs) == 0 {
			t.Fatalf("%s: card %v, %d references", dir, err, len(refs))
		}
		maxLen := 0
		for _, line := range strings.Split(string(card), "\n") {
			if v, ok := strings.CutPrefix(line, "max_len: "); ok {
				maxLen, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		cases = append(cases, parityCase{filepath.Base(dir), maxLen, []int64{int64(len(refs[0].Probs) / 4), 4}, false})
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			dir := filepath.Join("../../models", c.model)
			refs := readRefs(t, filepath.Join(dir, "reference.jsonl"))
			if len(refs) < 5 {
				t.Fatalf("%d reference texts", len(refs))
			}
			tk, err := tokenize.Load(filepath.Join(dir, "vocab.txt"), true)
			if err != nil {
				t.Fatal(err)
			}
			width := 1
			for _, d := range c.shape {
				width *= int(d)
			}
			for _, r := range refs {
				if got := tk.Encode(r.Text, c.maxLen).IDs; !c.marked && !reflect.DeepEqual(got, r.IDs) {
					t.Fatalf("ids of %q: go %v, python %v", r.Text, got, r.IDs)
				}
				if len(r.Probs) != width {
					t.Fatalf("reference %q has %d probabilities, want %d", r.Text, len(r.Probs), width)
				}
			}
			s, err := NewSession(filepath.Join(dir, "model.onnx"), []string{"input_ids", "attention_mask"}, []string{"probs"}, Options{IntraOpThreads: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ids, mask, seq := pad(refs)
			out, err := s.Run(ids, mask, len(refs), seq)
			if err != nil {
				t.Fatal(err)
			}
			probs := out["probs"]
			if want := append([]int64{int64(len(refs))}, c.shape...); !reflect.DeepEqual(probs.Shape, want) {
				t.Fatalf("shape %v, want %v", probs.Shape, want)
			}
			maxDiff := 0.0
			for i, r := range refs {
				for k := 0; k < width; k++ {
					maxDiff = math.Max(maxDiff, math.Abs(float64(probs.Data[i*width+k])-r.Probs[k]))
				}
				one, err := s.Run(r.IDs, r.Mask, 1, len(r.IDs))
				if err != nil {
					t.Fatal(err)
				}
				for k := 0; k < width; k++ {
					maxDiff = math.Max(maxDiff, math.Abs(float64(one["probs"].Data[k])-r.Probs[k]))
				}
			}
			t.Logf("max abs diff Go/ORT vs PyTorch over %d texts: %.2g", len(refs), maxDiff)
			if maxDiff > 1e-4 {
				t.Fatalf("max abs diff %.3g > 1e-4", maxDiff)
			}
		})
	}
}

func TestConcurrentRun(t *testing.T) {
	dir := "../../models/sentiment-zh"
	refs := readRefs(t, filepath.Join(dir, "reference.jsonl"))
	s, err := NewSession(filepath.Join(dir, "model.onnx"), []string{"input_ids", "attention_mask"}, []string{"probs"}, Options{IntraOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				r := refs[(g+k)%len(refs)]
				out, err := s.Run(r.IDs, r.Mask, 1, len(r.IDs))
				if err != nil {
					t.Error(err)
					return
				}
				for c := 0; c < 3; c++ {
					if math.Abs(float64(out["probs"].Data[c])-r.Probs[c]) > 1e-4 {
						t.Errorf("concurrent run differs for %q", r.Text)
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestErrors(t *testing.T) {
	if _, err := NewSession("../../models/nope/model.onnx", []string{"input_ids"}, []string{"probs"}, Options{}); err == nil {
		t.Fatal("want error for a missing model file")
	}
	if _, err := NewSession("../../models/sentiment-zh/model.onnx", []string{"input_ids", "attention_mask"}, []string{"probs"}, Options{Device: "tpu"}); err == nil {
		t.Fatal("want error for an unknown device")
	}
	s, err := NewSession("../../models/sentiment-zh/model.onnx", []string{"input_ids", "attention_mask"}, []string{"probs"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Run([]int64{101, 102}, []int64{1}, 1, 2); err == nil {
		t.Fatal("want error for a mask of the wrong length")
	}
	if _, err := FindLibrary("/nonexistent/libonnxruntime.so", ""); !errors.Is(err, ErrLibraryNotFound) {
		t.Fatalf("want ErrLibraryNotFound, got %v", err)
	}
}
