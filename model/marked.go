package model

import (
	"context"
	"fmt"
	"time"

	"github.com/tingzhen/tingzhen/engine/tokenize"
)

// Span is one aspect to read in a text: the span [Start, End) in code points. For a
// category that is not a span of the text (the car subjects), the convention of
// models/polarity-zh is to prepend it: Text = "价格：" + sentence, span [0, 2).
type Span struct {
	Text       string
	Start, End int
}

// EncodeMarked builds an aspect-conditioned model's input for one span, as
// training/train_polarity.py encode() does: [CLS] pieces(text[:s]) open pieces(text[s:e])
// close pieces(text[e:]) [SEP], the three parts tokenised separately, open and close the
// card's aspect_markers; when that exceeds max_len the pieces are windowed around the
// marked span (Window).
func (m *Model) EncodeMarked(sp Span) (*tokenize.Encoding, error) {
	mk := m.card.Markers
	if mk == nil || m.tok == nil {
		return nil, fmt.Errorf("model %s has no aspect_markers in its card", m.card.Name)
	}
	rs := []rune(sp.Text)
	if sp.Start < 0 || sp.End > len(rs) || sp.Start >= sp.End {
		return nil, fmt.Errorf("aspect span [%d,%d) is not a non-empty span of the %d code points of %q", sp.Start, sp.End, len(rs), clip(sp.Text, 40))
	}
	tok := m.tok
	pieces := func(s string) []int64 {
		ids := tok.Encode(s, 0).IDs
		return ids[1 : len(ids)-1] // drop [CLS] and [SEP]
	}
	left, mid, right := pieces(string(rs[:sp.Start])), pieces(string(rs[sp.Start:sp.End])), pieces(string(rs[sp.End:]))
	seq := make([]int64, 0, len(left)+len(mid)+len(right)+2)
	seq = append(seq, left...)
	seq = append(seq, mk.OpenID)
	seq = append(seq, mid...)
	seq = append(seq, mk.CloseID)
	seq = append(seq, right...)
	seq = Window(seq, len(left), len(left)+len(mid)+1, m.card.MaxLen-2)
	ids := make([]int64, 0, len(seq)+2)
	ids = append(ids, int64(tok.CLSID))
	ids = append(ids, seq...)
	ids = append(ids, int64(tok.SEPID))
	return &tokenize.Encoding{IDs: ids}, nil
}

// Window keeps at most width pieces of seq, whose markers sit at a and b (inclusive):
// centred on the marked span and clamped to the sequence; a span wider than the window
// keeps its start.
func Window(seq []int64, a, b, width int) []int64 {
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

// MarkedProbs runs an aspect-conditioned model on spans (EncodeMarked, then length-bucketed
// batches as Run) and returns each span's row of the first output. A span that is not a
// non-empty span of its text fails the call, naming the span's index.
func (m *Model) MarkedProbs(ctx context.Context, spans []Span, maxBatch, maxTokens int) ([][]float32, error) {
	t0 := time.Now()
	encs := make([]*tokenize.Encoding, len(spans))
	for i, sp := range spans {
		e, err := m.EncodeMarked(sp)
		if err != nil {
			return nil, fmt.Errorf("polarity item %d: %w", i, err)
		}
		encs[i] = e
	}
	m.stats.encode.Add(int64(time.Since(t0)))
	rows, err := m.RunEncoded(ctx, encs, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	return m.firstOutput(rows), nil
}
