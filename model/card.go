package model

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tingzhen/tingzhen/model/aspect"
)

// Tensor is one model input or output as its card lists it.
type Tensor struct {
	Name   string
	DType  string
	Shape  []string // as written: "batch", "seq", "3" …
	Labels []string
}

// Markers are the token ids an aspect-conditioned model (polarity-zh) puts around the
// aspect's word pieces (card aspect_markers: open_id, close_id).
type Markers struct {
	OpenID, CloseID int64
}

// Kinds of model, as Card.Kind reads them from the card.
const (
	KindSentiment = "sentiment" // one probability row per text over Labels
	KindAspect    = "aspect"    // aspect/opinion/polarity triplets (decoding.pair_output)
	KindCategory  = "category"  // Dimensions × States probabilities per text
	KindOther     = "other"     // not a text model (no token-id input: silero-vad)
)

// Card is a model folder's model.yaml (models/README.md): the one reading of it, for every
// model the project runs. Missing fields take the defaults of models/README.md: max_len
// 128, lowercase true, model.onnx, vocab.txt, inputs input_ids + attention_mask, output
// probs, name = the folder's name.
type Card struct {
	Name, Task, Version string
	// MaxLen is the model window in tokens, [CLS] and [SEP] included (max_len, or
	// tokenizer.max_len).
	MaxLen int
	// Lowercase is the tokenizer's lowercasing (lowercase, or tokenizer.lowercase).
	Lowercase bool
	// Labels are the output classes (labels).
	Labels []string
	// File and Vocab are the ONNX file and the vocabulary, relative to the folder (file,
	// files.onnx, files.model or model; vocab, files.vocab or tokenizer.vocab).
	File, Vocab string
	// Inputs and Outputs are the tensors in order (a list of names, of {name, dtype, shape,
	// labels} maps, or a map keyed by name).
	Inputs, Outputs []Tensor
	// Dimensions are a category model's dimension names (dimensions); Industry the
	// industry whose records it reads (industry).
	Dimensions []string
	Industry   string
	// CategoryRole is how a category model's output enters a record's indicators
	// (category_role): "" or "decide" (the classifier decides presence and polarity of the
	// indicators its dimensions map to: category-car), or "add" (it may only add an
	// indicator that no mention covers; its dimensions are then the pack's indicator ids).
	CategoryRole string
	// Decoding holds the aspect triplet decoder's settings (decoding.*_output, tag_labels,
	// pair_labels, implicit_row, min_score, bare_aspects, opinion_tail).
	Decoding aspect.Decoding
	// Threshold is a category model's presence threshold (decoding.threshold; 0 when
	// absent or outside (0, 1)).
	Threshold float64
	// Markers are an aspect-conditioned model's marker ids (aspect_markers), nil when the
	// card has none.
	Markers *Markers
	// MarkersErr says why aspect_markers is unusable, when the card has one that is.
	MarkersErr string
}

// InputNames and OutputNames are the tensors' names in order.
func (c Card) InputNames() []string  { return tensorNames(c.Inputs) }
func (c Card) OutputNames() []string { return tensorNames(c.Outputs) }

func tensorNames(ts []Tensor) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// TextModel reports whether the model reads token ids (its first input is input_ids), so
// that it needs the folder's vocabulary.
func (c Card) TextModel() bool { return len(c.Inputs) > 0 && c.Inputs[0].Name == "input_ids" }

// Kind is what the model computes: KindAspect for a card with a pair output to decode,
// KindCategory for task category* or a card listing dimensions, KindOther for a model
// that reads no token ids, else KindSentiment (a classifier over Labels).
func (c Card) Kind() string {
	switch {
	case !c.TextModel():
		return KindOther
	case c.Decoding.PairOutput != "":
		return KindAspect
	case strings.HasPrefix(c.Task, "category") || len(c.Dimensions) > 0:
		return KindCategory
	}
	return KindSentiment
}

// States are a category model's per-dimension states, absent first: its labels, or
// absent, negative, neutral, positive.
func (c Card) States() []string {
	if len(c.Labels) > 0 {
		return append([]string(nil), c.Labels...)
	}
	return []string{"absent", "negative", "neutral", "positive"}
}

// LoadCard reads dir/model.yaml; a folder without one gets the defaults.
func LoadCard(dir string) (Card, error) {
	path := filepath.Join(dir, "model.yaml")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data, err = nil, nil
	}
	if err != nil {
		return Card{}, fmt.Errorf("model card: %w", err)
	}
	c, err := ParseCard(data)
	if err != nil {
		return Card{}, fmt.Errorf("model card %s: %w", path, err)
	}
	if c.Name == "" {
		c.Name = filepath.Base(dir)
	}
	return c, nil
}

// ParseCard reads model.yaml content (nil or empty: all defaults; Name stays empty).
func ParseCard(data []byte) (Card, error) {
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return Card{}, err
	}
	c := Card{
		Name:         str(raw["name"]),
		Task:         str(raw["task"]),
		Version:      str(raw["version"]),
		MaxLen:       integer(raw["max_len"]),
		Labels:       strs(raw["labels"]),
		File:         str(raw["file"]),
		Vocab:        str(raw["vocab"]),
		Inputs:       tensors(raw["inputs"]),
		Outputs:      tensors(raw["outputs"]),
		Dimensions:   names(raw["dimensions"]),
		Industry:     str(raw["industry"]),
		CategoryRole: str(raw["category_role"]),
	}
	lower, hasLower := raw["lowercase"].(bool)
	files, _ := raw["files"].(map[string]any)
	tok, _ := raw["tokenizer"].(map[string]any)
	for _, f := range []string{str(files["onnx"]), str(files["model"]), str(raw["model"])} {
		if c.File == "" {
			c.File = f
		}
	}
	for _, v := range []string{str(files["vocab"]), str(tok["vocab"])} {
		if c.Vocab == "" {
			c.Vocab = v
		}
	}
	if b, ok := tok["lowercase"].(bool); ok && !hasLower {
		lower, hasLower = b, true
	}
	if c.MaxLen == 0 {
		c.MaxLen = integer(tok["max_len"])
	}
	if dec, ok := raw["decoding"].(map[string]any); ok {
		c.Decoding = aspect.Decoding{
			AspectOutput:  str(dec["aspect_output"]),
			OpinionOutput: str(dec["opinion_output"]),
			PairOutput:    str(dec["pair_output"]),
			TagLabels:     strs(dec["tag_labels"]),
			PairLabels:    strs(dec["pair_labels"]),
			ImplicitRow:   integer(dec["implicit_row"]),
			MinScore:      number(dec["min_score"]),
		}
		c.Decoding.BareAspects, _ = dec["bare_aspects"].(bool)
		c.Decoding.OpinionTail = str(dec["opinion_tail"])
		if th, ok := dec["threshold"].(float64); ok && th > 0 && th < 1 {
			c.Threshold = th
		}
	}
	if v, ok := raw["aspect_markers"]; ok {
		mk, _ := v.(map[string]any)
		open, ok1 := mk["open_id"].(int)
		shut, ok2 := mk["close_id"].(int)
		if !ok1 || !ok2 || open < 0 || shut < 0 || open == shut {
			c.MarkersErr = fmt.Sprintf("card needs aspect_markers {open_id, close_id} (two different token ids), has %v", v)
		} else {
			c.Markers = &Markers{OpenID: int64(open), CloseID: int64(shut)}
		}
	}
	if c.MaxLen <= 0 {
		c.MaxLen = 128
	}
	c.Lowercase = lower || !hasLower
	if c.File == "" {
		c.File = "model.onnx"
	}
	if c.Vocab == "" {
		c.Vocab = "vocab.txt"
	}
	if len(c.Inputs) == 0 {
		c.Inputs = []Tensor{{Name: "input_ids"}, {Name: "attention_mask"}}
	}
	if len(c.Outputs) == 0 {
		c.Outputs = []Tensor{{Name: "probs"}}
	}
	return c, nil
}

// str is v when it is a string, "" otherwise; numbers are written out (version: 1).
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int, float64:
		return fmt.Sprint(x)
	}
	return ""
}

func integer(v any) int {
	n, _ := v.(int)
	return n
}

func number(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// strs is a list of scalars as strings (nil when v is not a list).
func strs(v any) []string {
	l, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		out = append(out, str(e))
	}
	return out
}

// names accepts a list of strings or of {name: …} maps, or a map keyed by name (sorted).
func names(v any) []string {
	return tensorNames(tensors(v))
}

// tensors reads a list of names or of {name, dtype, shape, labels} maps, or a map keyed
// by name (sorted by name).
func tensors(v any) []Tensor {
	var out []Tensor
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			switch y := e.(type) {
			case string:
				out = append(out, Tensor{Name: y})
			case map[string]any:
				if n, ok := y["name"].(string); ok {
					out = append(out, Tensor{Name: n, DType: str(y["dtype"]), Shape: strs(y["shape"]), Labels: strs(y["labels"])})
				}
			}
		}
	case map[string]any:
		for k := range x {
			out = append(out, Tensor{Name: k})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	}
	return out
}
