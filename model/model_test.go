package model

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/testfixture"
)

type refLine struct {
	Text     string    `json:"text"`
	Probs    []float64 `json:"probs"`
	Triplets []struct {
		Aspect, Opinion, Polarity string
	} `json:"triplets"`
}

func readRef(t *testing.T, dir string) []refLine {
	t.Helper()
	return testfixture.ReadJSONL[refLine](t, "../models/"+dir+"/reference.jsonl")
}

// TestProbsParity: Model.Probs on sentiment-zh's reference texts, all in one call (several
// length-bucketed batches) and in batches of one, gives PyTorch's probabilities within
// 1e-4; Stats counts the texts and ONNX Runtime calls.
func TestProbsParity(t *testing.T) {
	m := open(t, "sentiment-zh")
	refs := readRef(t, "sentiment-zh")
	texts := make([]string, len(refs))
	for i, r := range refs {
		texts[i] = r.Text
	}
	before := m.Stats()
	for _, maxBatch := range []int{64, 1} {
		probs, err := m.Probs(context.Background(), texts, maxBatch, 8192)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range refs {
			for k, want := range r.Probs {
				if d := math.Abs(float64(probs[i][k]) - want); d > 1e-4 {
					t.Fatalf("batch %d, %q: p[%d] %v, PyTorch %v", maxBatch, r.Text, k, probs[i][k], want)
				}
			}
		}
	}
	st := m.Stats()
	if st.Texts-before.Texts != int64(2*len(texts)) || st.Batches-before.Batches < int64(len(texts))+1 || st.Infer <= before.Infer || st.Model != "sentiment-zh" {
		t.Errorf("stats %+v after %+v: want %d more texts, more than %d more batches", st, before, 2*len(texts), len(texts))
	}
	w := m.WithWorkers(1)
	if _, err := w.Probs(context.Background(), texts[:2], 64, 8192); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil { // a view closes nothing: m still runs
		t.Fatal(err)
	}
	if _, err := m.Probs(context.Background(), texts[:2], 64, 8192); err != nil {
		t.Fatalf("after closing a WithWorkers view: %v", err)
	}
}

// TestTriplets: aspect-zh's triplets on real reviews, with code-point offsets into the text;
// bare aspect terms come without opinion or polarity.
func TestTriplets(t *testing.T) {
	m := open(t, "aspect-zh")
	f := func(text string, want ...string) {
		t.Helper()
		got, err := m.Triplets(context.Background(), []string{text}, 64, 8192)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		rs := []rune(text)
		for _, tr := range got[0] {
			if tr.Term != "" && string(rs[tr.Start:tr.End]) != tr.Term || tr.Opinion != "" && string(rs[tr.OpinionStart:tr.OpinionEnd]) != tr.Opinion || tr.Bare() != (tr.Opinion == "") {
				t.Errorf("%q: triplet %+v: offsets do not match its terms", text, tr)
			}
			keys = append(keys, tr.Term+"/"+tr.Opinion+"/"+tr.Polarity)
		}
		if strings.Join(keys, " ") != strings.Join(want, " ") {
			t.Errorf("%q: %v, want %v", text, keys, want)
		}
	}
	f("物流太慢了，包装倒是很结实", "物流/太慢了/negative", "包装/倒是很结实/positive")
	f("环境不错，就是停车不方便。", "环境/不错/positive", "停车/不方便/negative")
	f("太贵了", "/太贵了/negative")
	f("点的团购，味道一如继往的好。", "味道/一如继往的好/positive", "团购//")
	// aspect-zh-silverspan (the ecommerce, telecom, banking and hotel_travel packs' model) was
	// trained with short opinions and their tails masked; alone it cuts 倒是很结实 to 倒是, and
	// its card's decoding.opinion_tail: clause gives the clause-long opinion back.
	m = open(t, "aspect-zh-silverspan")
	f("物流太慢了，包装倒是很结实", "物流/太慢了/negative", "包装/倒是很结实/positive")
	f("环境不错，就是停车不方便。", "环境/不错/positive", "停车/不方便/negative")
	f("太贵了", "/太贵了/negative")
	f("点的团购，味道一如继往的好。", "味道/一如继往的好/positive", "团购//")
	s := open(t, "sentiment-zh")
	if _, err := s.Triplets(context.Background(), []string{"太贵了"}, 64, 8192); err == nil {
		t.Fatal("Triplets on a sentiment model succeeded")
	}
}

// TestOpenErrors: a missing folder says where the models live; a model that reads no
// token ids cannot Run texts.
func TestOpenErrors(t *testing.T) {
	if _, err := Open(t.TempDir()+"/nope", ortOpt); err == nil || !strings.Contains(err.Error(), "TINGZHEN_HOME") {
		t.Fatalf("missing folder: %v", err)
	}
	v := open(t, "silero-vad")
	if v.Kind() != KindOther || v.Tokenizer() != nil || v.Session() == nil {
		t.Fatalf("silero-vad: kind %s", v.Kind())
	}
	if _, err := v.Probs(context.Background(), []string{"你好"}, 8, 1024); err == nil {
		t.Fatal("Probs on silero-vad succeeded")
	}
	if n := v.Tokens("你好"); n != 0 {
		t.Fatalf("silero-vad reads %d tokens of a text, want 0", n)
	}
}

// TestOpenBadPairOutput: a card whose decoding.pair_output names no output of the model is
// an error naming it, not a panic.
func TestOpenBadPairOutput(t *testing.T) {
	if !haveORT {
		t.Skip("no ONNX Runtime library (make deps)")
	}
	dir := t.TempDir()
	src := "../models/aspect-zh"
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Skip(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "model.yaml" {
			b = []byte(strings.Replace(string(b), "pair_output: pair_probs", "pair_output: no_such_output", 1))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Open(dir, ortOpt)
	if err == nil {
		m.Close()
		t.Fatal("Open succeeded with a pair_output that is not an output")
	}
	if !strings.Contains(err.Error(), "no_such_output") {
		t.Fatalf("error does not name the bad output: %v", err)
	}
}
