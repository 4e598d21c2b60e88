package model

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestShippedCards: every card under models/ reads as the engine, bench and calls/vad
// expect.
func TestShippedCards(t *testing.T) {
	f := func(dir, kind, file string, maxLen int, inputs, outputs []string) {
		t.Helper()
		c, err := LoadCard(filepath.Join("../models", dir))
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != dir || c.Kind() != kind || c.File != file || c.MaxLen != maxLen || !slices.Equal(c.InputNames(), inputs) || !slices.Equal(c.OutputNames(), outputs) {
			t.Errorf("%s: name %q kind %s file %s max_len %d inputs %v outputs %v; want %s %s %d %v %v", dir, c.Name, c.Kind(), c.File, c.MaxLen, c.InputNames(), c.OutputNames(), kind, file, maxLen, inputs, outputs)
		}
		if _, err := os.Stat(filepath.Join("../models", dir, c.File)); err != nil {
			t.Errorf("%s: %v", dir, err)
		}
	}
	ids := []string{"input_ids", "attention_mask"}
	f("sentiment-zh", KindSentiment, "model.onnx", 128, ids, []string{"probs"})
	f("aspect-zh", KindAspect, "model.onnx", 128, ids, []string{"aspect_probs", "opinion_probs", "pair_probs"})
	f("category-car", KindCategory, "model.onnx", 256, ids, []string{"probs"})
	f("polarity-zh", KindSentiment, "model.onnx", 32, ids, []string{"probs"})
	f("silero-vad", KindOther, "silero_vad.onnx", 128, []string{"input", "state", "sr"}, []string{"output", "stateN"})

	c, _ := LoadCard("../models/category-car")
	if len(c.Dimensions) != 10 || c.Dimensions[0] != "动力" || c.Threshold != 0.75 || !slices.Equal(c.States(), []string{"absent", "negative", "neutral", "positive"}) {
		t.Errorf("category-car: dimensions %v threshold %v states %v", c.Dimensions, c.Threshold, c.States())
	}
	c, _ = LoadCard("../models/polarity-zh")
	if c.Markers == nil || c.Markers.OpenID != 1 || c.Markers.CloseID != 2 || !slices.Equal(c.Labels, []string{"negative", "neutral", "positive"}) {
		t.Errorf("polarity-zh: markers %+v labels %v", c.Markers, c.Labels)
	}
	c, _ = LoadCard("../models/aspect-zh")
	if d := c.Decoding; d.PairOutput != "pair_probs" || !slices.Equal(d.TagLabels, []string{"O", "B", "I"}) || !d.BareAspects || c.Outputs[2].Shape[3] != "4" {
		t.Errorf("aspect-zh: decoding %+v outputs %+v", d, c.Outputs)
	}
}

// TestParseCard: the forms a card may take, the defaults, and broken YAML.
func TestParseCard(t *testing.T) {
	f := func(yaml, want string) {
		t.Helper()
		c, err := ParseCard([]byte(yaml))
		got := ""
		if err != nil {
			got = "error"
		} else {
			got = strings.Join([]string{c.Name, c.Version, c.File, c.Vocab, strings.Join(c.InputNames(), ","), strings.Join(c.OutputNames(), ","), c.Kind()}, " ")
			if !c.Lowercase {
				got += " cased"
			}
			if c.MaxLen != 128 {
				got += " max_len=" + strconv.Itoa(c.MaxLen)
			}
			if c.MarkersErr != "" {
				got += " bad-markers"
			}
		}
		if got != want {
			t.Errorf("ParseCard(%q) = %q, want %q", yaml, got, want)
		}
	}
	f("", "  model.onnx vocab.txt input_ids,attention_mask probs sentiment")
	f("name: 情感\nversion: 3\nfiles: {model: m.onnx, vocab: v.txt}", "情感 3 m.onnx v.txt input_ids,attention_mask probs sentiment")
	f("file: a.onnx\nfiles: {onnx: b.onnx}\nmodel: c.onnx", "  a.onnx vocab.txt input_ids,attention_mask probs sentiment")
	f("tokenizer: {lowercase: false, max_len: 64, vocab: t.txt}", "  model.onnx t.txt input_ids,attention_mask probs sentiment cased max_len=64")
	f("lowercase: true\ntokenizer: {lowercase: false}\nmax_len: 32", "  model.onnx vocab.txt input_ids,attention_mask probs sentiment max_len=32")
	f("inputs: [ids, mask]\noutputs: {b: 1, a: 2}", "  model.onnx vocab.txt ids,mask a,b other")
	f("task: category-car", "  model.onnx vocab.txt input_ids,attention_mask probs category")
	f("dimensions: [{name: 价格}, 外观]", "  model.onnx vocab.txt input_ids,attention_mask probs category")
	f("decoding: {pair_output: pair}", "  model.onnx vocab.txt input_ids,attention_mask probs aspect")
	f("aspect_markers: {open_id: 1, close_id: 1}", "  model.onnx vocab.txt input_ids,attention_mask probs sentiment bad-markers")
	f("aspect_markers: 3", "  model.onnx vocab.txt input_ids,attention_mask probs sentiment bad-markers")
	f("name: [1, 2", "error")
	f("- a\n- b", "error")
}

// TestLoadCardErrors: a folder without model.yaml gets the defaults and its own name; an
// unreadable or broken card is an error naming the file.
func TestLoadCardErrors(t *testing.T) {
	dir := t.TempDir()
	c, err := LoadCard(dir)
	if err != nil || c.Name != filepath.Base(dir) || c.File != "model.onnx" {
		t.Fatalf("no card: %+v, %v", c, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "model.yaml"), []byte("labels: [a, b"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCard(dir); err == nil || !strings.Contains(err.Error(), "model.yaml") {
		t.Fatalf("broken card: %v", err)
	}
}

func FuzzParseCard(f *testing.F) {
	for _, d := range []string{"sentiment-zh", "aspect-zh", "category-car", "polarity-zh", "silero-vad"} {
		if data, err := os.ReadFile(filepath.Join("../models", d, "model.yaml")); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("name: x\ndecoding:\n  tag_labels: [O, B, I]\n  pair_labels: [none, positive]\n"))
	f.Add([]byte("inputs: {a: 1}\naspect_markers: {open_id: -1, close_id: 2}\nmax_len: -3"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCard(data)
		if err != nil {
			return
		}
		if c.MaxLen <= 0 || c.File == "" || c.Vocab == "" || len(c.Inputs) == 0 || len(c.Outputs) == 0 {
			t.Fatalf("defaults not filled: %+v", c)
		}
		_ = c.Kind()
		if c.Markers != nil && (c.Markers.OpenID < 0 || c.Markers.CloseID < 0 || c.Markers.OpenID == c.Markers.CloseID) {
			t.Fatalf("bad markers accepted: %+v", c.Markers)
		}
	})
}
