package aspect

import (
	"errors"
	"fmt"
	"sort"
)

// Triplet token indices refer to positions in the model sequence where [CLS] is 0; ends are exclusive.
type Triplet struct {
	AspectStart, AspectEnd   int     // -1, -1 when implicit
	OpinionStart, OpinionEnd int     // -1, -1 for a bare aspect (decoding.bare_aspects)
	Polarity                 string  // negative | neutral | positive; "" for a bare aspect
	Score                    float64 // probability of Polarity in the pair cell (a bare aspect: mean tag probability)
}

// Bare reports whether t is an aspect span without an opinion (decoding.bare_aspects).
func (t Triplet) Bare() bool { return t.OpinionStart < 0 }

// Decoder decodes aspect-zh outputs. It is immutable after NewDecoder and safe for
// concurrent use.
type Decoder struct {
	aspectOut, opinionOut, pairOut string
	tagB, tagI, tagO               int      // indices of B, I, O in the tag axis
	nPair                          int      // size of the pair label axis
	noneIdx                        int      // index of "none" in the pair axis
	pairPolarity                   []string // pair index -> polarity ("" for none)
	implicitRow                    int
	minScore                       float64
	bare                           bool
}

// ErrShape reports outputs whose shapes or lengths do not match the model card.
var ErrShape = errors.New("aspect: bad output shape")

// NewDecoder builds a decoder from the decoding settings of the model card of model name.
func NewDecoder(name string, dc Decoding) (*Decoder, error) {
	d := &Decoder{
		aspectOut:   dc.AspectOutput,
		opinionOut:  dc.OpinionOutput,
		pairOut:     dc.PairOutput,
		implicitRow: dc.ImplicitRow,
		minScore:    dc.MinScore,
		bare:        dc.BareAspects,
		tagB:        -1, tagI: -1, tagO: -1, noneIdx: -1,
	}
	if d.aspectOut == "" || d.opinionOut == "" || d.pairOut == "" {
		return nil, fmt.Errorf("aspect decoder %q: decoding.aspect_output, opinion_output and pair_output are required", name)
	}
	if len(dc.TagLabels) != 3 {
		return nil, fmt.Errorf("aspect decoder %q: tag_labels must be O, B, I, got %v", name, dc.TagLabels)
	}
	for i, l := range dc.TagLabels {
		switch l {
		case "O":
			d.tagO = i
		case "B":
			d.tagB = i
		case "I":
			d.tagI = i
		}
	}
	if d.tagO < 0 || d.tagB < 0 || d.tagI < 0 {
		return nil, fmt.Errorf("aspect decoder %q: tag_labels must be O, B, I, got %v", name, dc.TagLabels)
	}
	d.nPair = len(dc.PairLabels)
	d.pairPolarity = make([]string, d.nPair)
	seen := map[string]bool{}
	for i, l := range dc.PairLabels {
		if seen[l] {
			return nil, fmt.Errorf("aspect decoder %q: duplicate pair label %q", name, l)
		}
		seen[l] = true
		switch l {
		case "none":
			d.noneIdx = i
		case "negative", "neutral", "positive":
			d.pairPolarity[i] = l
		default:
			return nil, fmt.Errorf("aspect decoder %q: unknown pair label %q", name, l)
		}
	}
	if d.noneIdx < 0 || d.nPair < 2 {
		return nil, fmt.Errorf("aspect decoder %q: pair_labels need \"none\" and at least one polarity, got %v", name, dc.PairLabels)
	}
	if dc.OpinionTail != "" && dc.OpinionTail != "clause" {
		return nil, fmt.Errorf("aspect decoder %q: opinion_tail must be clause or absent, got %q", name, dc.OpinionTail)
	}
	if d.implicitRow != 0 {
		return nil, fmt.Errorf("aspect decoder %q: implicit_row must be 0 ([CLS]), got %d", name, d.implicitRow)
	}
	return d, nil
}

type span struct{ start, end int }

// Decode one batch. outputs: output name → flat float32 data; shapes: name → dims;
// seqLens[i] = real length incl. [CLS]/[SEP]. Triplets of each sentence are sorted by
// opinion start, then aspect start (implicit first); with decoding.bare_aspects the
// aspect spans no triplet uses follow, in order.
func (d *Decoder) Decode(outputs map[string][]float32, shapes map[string][]int64, seqLens []int) ([][]Triplet, error) {
	asp, err := getOutput(outputs, shapes, d.aspectOut, 3)
	if err != nil {
		return nil, err
	}
	op, err := getOutput(outputs, shapes, d.opinionOut, 3)
	if err != nil {
		return nil, err
	}
	pair, err := getOutput(outputs, shapes, d.pairOut, 4)
	if err != nil {
		return nil, err
	}
	batch, seq := asp.dims[0], asp.dims[1]
	if asp.dims[2] != 3 || op.dims[0] != batch || op.dims[1] != seq || op.dims[2] != 3 {
		return nil, fmt.Errorf("%w: %s %v and %s %v must both be [batch, seq, 3]", ErrShape, d.aspectOut, asp.dims, d.opinionOut, op.dims)
	}
	if pair.dims[0] != batch || pair.dims[1] != seq || pair.dims[2] != seq || pair.dims[3] != d.nPair {
		return nil, fmt.Errorf("%w: %s %v, want [%d %d %d %d]", ErrShape, d.pairOut, pair.dims, batch, seq, seq, d.nPair)
	}
	if len(seqLens) != batch {
		return nil, fmt.Errorf("%w: %d sequence lengths for batch %d", ErrShape, len(seqLens), batch)
	}
	out := make([][]Triplet, batch)
	for b := 0; b < batch; b++ {
		n := seqLens[b]
		if n < 2 || n > seq {
			return nil, fmt.Errorf("%w: sequence %d length %d outside [2, %d]", ErrShape, b, n, seq)
		}
		cells := pair.data[b*seq*seq*d.nPair : (b+1)*seq*seq*d.nPair]
		out[b] = d.decode(asp.data[b*seq*3:(b+1)*seq*3], op.data[b*seq*3:(b+1)*seq*3], n, func(row, col int) []float32 {
			return cells[(row*seq+col)*d.nPair : (row*seq+col+1)*d.nPair]
		})
	}
	return out, nil
}

// Cell is one pair cell a sequence's decoding reads: the row (an aspect span's start, or
// the implicit row) and the column (an opinion span's start), token positions.
type Cell struct{ Row, Col int }

// Cells appends to dst the pair cells Decode reads for one sequence of real length n (incl.
// [CLS]/[SEP]) from its tag probabilities aspProbs and opProbs ([seq, 3] each, seq >= n):
// per opinion span, the implicit row and every aspect span's start, in that order. A caller
// that computes only these cells of the pair grid (model.Triplets) decodes exactly as
// Decode does on the full grid.
func (d *Decoder) Cells(dst []Cell, aspProbs, opProbs []float32, n int) []Cell {
	aspects := d.spans(nil, aspProbs, n)
	for _, o := range d.spans(nil, opProbs, n) {
		dst = append(dst, Cell{d.implicitRow, o.start})
		for _, a := range aspects {
			dst = append(dst, Cell{a.start, o.start})
		}
	}
	return dst
}

// DecodeCells decodes one sequence of real length n (incl. [CLS]/[SEP]) from its tag
// probabilities ([seq, 3] each, seq >= n) and cell(row, col), the pair probabilities of
// each cell Cells lists; the result is Decode's for that sequence.
func (d *Decoder) DecodeCells(aspProbs, opProbs []float32, n int, cell func(row, col int) []float32) ([]Triplet, error) {
	if n < 2 || 3*n > len(aspProbs) || len(aspProbs) != len(opProbs) || len(aspProbs)%3 != 0 {
		return nil, fmt.Errorf("%w: sequence length %d with %d and %d tag values", ErrShape, n, len(aspProbs), len(opProbs))
	}
	return d.decode(aspProbs, opProbs, n, func(row, col int) []float32 {
		v := cell(row, col)
		if len(v) != d.nPair {
			return nil
		}
		return v
	}), nil
}

// decode is one sequence's triplets: asp and op are its [seq, 3] tag probabilities, n its
// real length, cell(row, col) its pair probabilities at a cell (nil: none).
func (d *Decoder) decode(asp, op []float32, n int, cell func(row, col int) []float32) []Triplet {
	aspects := d.spans(nil, asp, n)
	opinions := d.spans(nil, op, n)
	var ts []Triplet
	for _, o := range opinions {
		for k := -1; k < len(aspects); k++ {
			as, ae, row := -1, -1, d.implicitRow
			if k >= 0 {
				as, ae, row = aspects[k].start, aspects[k].end, aspects[k].start
			}
			c := cell(row, o.start)
			if c == nil {
				continue
			}
			best := argmax(c)
			if best == d.noneIdx || float64(c[best]) < d.minScore {
				continue
			}
			ts = append(ts, Triplet{
				AspectStart: as, AspectEnd: ae,
				OpinionStart: o.start, OpinionEnd: o.end,
				Polarity: d.pairPolarity[best], Score: float64(c[best]),
			})
		}
	}
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].OpinionStart != ts[j].OpinionStart {
			return ts[i].OpinionStart < ts[j].OpinionStart
		}
		return ts[i].AspectStart < ts[j].AspectStart
	})
	if d.bare {
		ts = d.appendBare(ts, aspects, asp)
	}
	return ts
}

// appendBare appends the aspect spans no triplet in ts uses, scored by the mean
// probability of the tags they were decoded from (B, or I, at the start; I after it).
func (d *Decoder) appendBare(ts []Triplet, aspects []span, probs []float32) []Triplet {
	n := len(ts)
	for _, a := range aspects {
		used := false
		for _, t := range ts[:n] {
			if t.AspectStart == a.start {
				used = true
				break
			}
		}
		if used {
			continue
		}
		// The span starts at B, or at an I that continues no span: its own tag's probability.
		sum := float64(max(probs[a.start*3+d.tagB], probs[a.start*3+d.tagI]))
		for i := a.start + 1; i < a.end; i++ {
			sum += float64(probs[i*3+d.tagI])
		}
		ts = append(ts, Triplet{AspectStart: a.start, AspectEnd: a.end, OpinionStart: -1, OpinionEnd: -1,
			Score: sum / float64(a.end-a.start)})
	}
	return ts
}

// spans extracts BIO spans over positions 1..n-2 (skipping [CLS] and [SEP]) from
// per-position tag probabilities [seq, 3]. A span starts at B, or at an I that does
// not continue a span, and continues over I.
func (d *Decoder) spans(dst []span, probs []float32, n int) []span {
	start := -1
	for i := 1; i < n-1; i++ {
		t := argmax(probs[i*3 : i*3+3])
		switch {
		case t == d.tagB || (t == d.tagI && start < 0):
			if start >= 0 {
				dst = append(dst, span{start, i})
			}
			start = i
		case t == d.tagO:
			if start >= 0 {
				dst = append(dst, span{start, i})
			}
			start = -1
		}
	}
	if start >= 0 {
		dst = append(dst, span{start, n - 1})
	}
	return dst
}

// argmax returns the first index of the largest value.
func argmax(v []float32) int {
	best := 0
	for k := 1; k < len(v); k++ {
		if v[k] > v[best] {
			best = k
		}
	}
	return best
}

type tensor struct {
	data []float32
	dims []int
}

func getOutput(outputs map[string][]float32, shapes map[string][]int64, name string, rank int) (tensor, error) {
	data, ok := outputs[name]
	if !ok {
		return tensor{}, fmt.Errorf("%w: output %q missing", ErrShape, name)
	}
	shape, ok := shapes[name]
	if !ok {
		return tensor{}, fmt.Errorf("%w: shape of %q missing", ErrShape, name)
	}
	if len(shape) != rank {
		return tensor{}, fmt.Errorf("%w: %s has rank %d, want %d", ErrShape, name, len(shape), rank)
	}
	dims := make([]int, rank)
	total := 1
	for i, s := range shape {
		if s < 0 || s > 1<<20 {
			return tensor{}, fmt.Errorf("%w: %s dimension %d is %d", ErrShape, name, i, s)
		}
		dims[i] = int(s)
		total *= int(s)
		if total > 1<<31 {
			return tensor{}, fmt.Errorf("%w: %s shape %v too large", ErrShape, name, shape)
		}
	}
	if len(data) != total {
		return tensor{}, fmt.Errorf("%w: %s has %d values, shape %v needs %d", ErrShape, name, len(data), shape, total)
	}
	return tensor{data: data, dims: dims}, nil
}
