package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tingzhen/tingzhen/engine/infer"
	"github.com/tingzhen/tingzhen/engine/tokenize"
)

// PolarityItem is one aspect to score: a sentence and the aspect's span in it, in code
// points, End exclusive. For a category that is not a span of the text (the car subjects),
// the convention of models/polarity-zh is to prepend it: Text = "价格：" + sentence, span [0, 2).
type PolarityItem struct {
	Text       string
	Start, End int
}

// polarityModel is the aspect-conditioned polarity classifier (polarity-zh): the sentence
// with its aspect span between two marker tokens → p(negative, neutral, positive).
type polarityModel struct {
	m *model
	// open and close are the marker ids put around the aspect's word pieces (model card
	// aspect_markers; [unused1] and [unused2] of bert-base-chinese).
	openID, closeID int64
}

// loadPolarityModel loads polarity-zh; a folder without model.onnx means "no polarity
// model" (nil, nil): the engine works without it.
func loadPolarityModel(dir string, opt infer.Options, workers int) (*polarityModel, error) {
	if _, err := os.Stat(filepath.Join(dir, "model.onnx")); os.IsNotExist(err) {
		return nil, nil
	}
	m, err := loadModel(dir, opt, workers)
	if err != nil {
		return nil, err
	}
	p, err := newPolarityModel(m)
	if err != nil {
		m.close()
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	return p, nil
}

// newPolarityModel checks the card of a loaded model: labels negative/neutral/positive,
// one output, and the two aspect marker ids.
func newPolarityModel(m *model) (*polarityModel, error) {
	if !slices.Equal(m.card.Labels, polarities) {
		return nil, fmt.Errorf("card labels %v, want %v", m.card.Labels, polarities)
	}
	if len(m.card.Outputs) != 1 {
		return nil, fmt.Errorf("card lists outputs %v, want one output of 3 probabilities", m.card.Outputs)
	}
	mk, _ := m.card.raw["aspect_markers"].(map[string]any)
	open, ok1 := mk["open_id"].(int)
	shut, ok2 := mk["close_id"].(int)
	if !ok1 || !ok2 || open < 0 || shut < 0 || open == shut {
		return nil, fmt.Errorf("card needs aspect_markers {open_id, close_id} (two different token ids), has %v", m.card.raw["aspect_markers"])
	}
	if m.card.MaxLen < 4 {
		return nil, fmt.Errorf("card max_len %d leaves no room for an aspect", m.card.MaxLen)
	}
	return &polarityModel{m: m, openID: int64(open), closeID: int64(shut)}, nil
}

func (p *polarityModel) close() error {
	if p == nil {
		return nil
	}
	return p.m.close()
}

// encode builds the model input of one item, as training/train_polarity.py encode() does:
// [CLS] pieces(text[:s]) open pieces(text[s:e]) close pieces(text[e:]) [SEP], the three
// parts tokenised separately; when that exceeds max_len the pieces are windowed around the
// marked span (window()).
func (p *polarityModel) encode(it PolarityItem) (*tokenize.Encoding, error) {
	rs := []rune(it.Text)
	if it.Start < 0 || it.End > len(rs) || it.Start >= it.End {
		return nil, fmt.Errorf("aspect span [%d,%d) is not a non-empty span of the %d code points of %q", it.Start, it.End, len(rs), clip(it.Text, 40))
	}
	tok := p.m.tok
	pieces := func(s string) []int64 {
		ids := tok.Encode(s, 0).IDs
		return ids[1 : len(ids)-1] // drop [CLS] and [SEP]
	}
	left, mid, right := pieces(string(rs[:it.Start])), pieces(string(rs[it.Start:it.End])), pieces(string(rs[it.End:]))
	seq := make([]int64, 0, len(left)+len(mid)+len(right)+2)
	seq = append(seq, left...)
	seq = append(seq, p.openID)
	seq = append(seq, mid...)
	seq = append(seq, p.closeID)
	seq = append(seq, right...)
	seq = polarityWindow(seq, len(left), len(left)+len(mid)+1, p.m.card.MaxLen-2)
	ids := make([]int64, 0, len(seq)+2)
	ids = append(ids, int64(tok.CLSID))
	ids = append(ids, seq...)
	ids = append(ids, int64(tok.SEPID))
	return &tokenize.Encoding{IDs: ids}, nil
}

// polarityWindow keeps at most width pieces of seq, whose markers sit at a and b
// (inclusive): centred on the marked span and clamped to the sequence; a span wider than
// the window keeps its start.
func polarityWindow(seq []int64, a, b, width int) []int64 {
	n := len(seq)
	if n <= width {
		return seq
	}
	span := b - a + 1
	start := a
	if span < width {
		start = a - (width-span)/2
		start = max(0, min(start, n-width))
	}
	return seq[start : start+width]
}

// score returns p(negative, neutral, positive) for each item's aspect, in item order. Items
// run in length-bucketed batches of at most maxBatch sequences and maxTokens padded tokens.
// An item whose span is not a non-empty span of its text fails the call, naming the item
// (spans come from the caller's own term matching, not from user input).
func (p *polarityModel) score(ctx context.Context, items []PolarityItem, maxBatch, maxTokens int) ([][3]float32, error) {
	encs := make([]*tokenize.Encoding, len(items))
	for i, it := range items {
		e, err := p.encode(it)
		if err != nil {
			return nil, fmt.Errorf("polarity item %d: %w", i, err)
		}
		encs[i] = e
	}
	rows, err := p.m.runEncoded(ctx, encs, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	out := make([][3]float32, len(items))
	name := p.m.card.Outputs[0]
	for i, row := range rows {
		v := row[name]
		if len(v) != 3 {
			return nil, fmt.Errorf("model %s: %d values per item, want 3", p.m.name, len(v))
		}
		copy(out[i][:], v)
	}
	return out, nil
}
