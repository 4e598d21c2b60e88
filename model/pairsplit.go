package model

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/model/aspect"
	"github.com/tingzhen/tingzhen/model/infer"
)

// The pair grid of an aspect model, computed only at the cells the decoder reads.
//
// aspect-zh's pair output is a [batch, seq, seq, P] grid whose cell [b, i, j] is
// Softmax(Conv1x1(Relu(row[b, :, i] + col[b, :, j]))), row and col being vectors the model
// computes once per token ([batch, C, seq]; the graph broadcasts them with two Unsqueeze
// and an Add). The decoder reads only the cells (aspect start or the implicit row, opinion
// start) of the spans it decoded: a few per sentence, out of seq². When the graph has that
// form (findPairSplit), Open cuts it in two with the original's own nodes and weights: a
// trunk computing the other outputs and the row and column vectors, and a pair graph
// computing Add, Relu, Conv, Transpose and Softmax for a list of cells (row and column
// inputs [1, C, 1, n]). Triplets runs the trunk, decodes the spans, gathers the cells'
// vectors and runs the pair graph once. Each cell's probabilities are the full grid's bit
// for bit (TestPairSplitIdentical); the other cells are never computed. A graph of another
// form, or a device other than the CPU, keeps the full grid.

// pairSpec names the parts of an aspect graph's pair grid.
type pairSpec struct {
	rowIn, colIn   string // the Unsqueeze outputs the grid's Add reads: the pair graph's inputs
	rowVec, colVec string // the vectors they unsqueeze, [batch, C, seq]: trunk outputs
	channels       int    // C, the pair Conv's input channels
}

// findPairSplit reports whether output pairOut of g is
// Softmax(axis -1, Transpose(perm 0,2,3,1, Conv(1x1, Relu(Add(Unsqueeze(row, 3), Unsqueeze(col, 2)))))).
func findPairSplit(g *onnxGraph, pairOut string) (pairSpec, bool) {
	node := func(name, op string) (onnxNode, bool) {
		p := g.producer(name)
		if p < 0 || g.nodes[p].op != op || g.nodes[p].domain != "" || len(g.nodes[p].inputs) == 0 {
			return onnxNode{}, false
		}
		return g.nodes[p], true
	}
	is := func(v []int64, ok bool, want ...int64) bool { return ok && slices.Equal(v, want) }
	attr := func(n onnxNode, name string) ([]int64, bool) { v, ok := n.ints[name]; return v, ok }
	has := func(n onnxNode, name string, want ...int64) bool { v, ok := attr(n, name); return is(v, ok, want...) }
	var spec pairSpec
	sm, ok := node(pairOut, "Softmax")
	if !ok {
		return spec, false
	}
	if !has(sm, "axis", -1) && !has(sm, "axis", 3) {
		return spec, false // an absent axis means 1 before opset 13
	}
	tr, ok := node(sm.inputs[0], "Transpose")
	if !ok || !has(tr, "perm", 0, 2, 3, 1) {
		return spec, false
	}
	cv, ok := node(tr.inputs[0], "Conv")
	if !ok || len(cv.inputs) < 2 || g.inits[cv.inputs[1]] == nil {
		return spec, false
	}
	w := g.dims[cv.inputs[1]]
	if len(w) != 4 || w[1] <= 0 || w[2] != 1 || w[3] != 1 {
		return spec, false
	}
	if len(cv.inputs) == 3 && cv.inputs[2] != "" && g.inits[cv.inputs[2]] == nil {
		return spec, false
	}
	for name, one := range map[string]int64{"group": 1, "strides": 1, "dilations": 1} {
		if v, ok := attr(cv, name); ok && slices.ContainsFunc(v, func(x int64) bool { return x != one }) {
			return spec, false
		}
	}
	if v, ok := attr(cv, "pads"); ok && slices.ContainsFunc(v, func(x int64) bool { return x != 0 }) {
		return spec, false
	}
	re, ok := node(cv.inputs[0], "Relu")
	if !ok {
		return spec, false
	}
	add, ok := node(re.inputs[0], "Add")
	if !ok || len(add.inputs) != 2 {
		return spec, false
	}
	for _, in := range add.inputs {
		u, ok := node(in, "Unsqueeze")
		if !ok {
			return spec, false
		}
		axes, ok := attr(u, "axes")
		if !ok && len(u.inputs) == 2 {
			axes, ok = g.constInts(u.inputs[1])
		}
		switch {
		case is(axes, ok, 3) || is(axes, ok, -1):
			spec.rowIn, spec.rowVec = in, u.inputs[0]
		case is(axes, ok, 2) || is(axes, ok, -2):
			spec.colIn, spec.colVec = in, u.inputs[0]
		default:
			return spec, false
		}
	}
	if spec.rowIn == "" || spec.colIn == "" || spec.rowVec == spec.colVec {
		return spec, false
	}
	spec.channels = int(w[1])
	return spec, true
}

// pairSplit is an aspect model cut at its pair grid (see above).
type pairSplit struct {
	pairSpec
	trunk, pair *infer.Session
	pairOut     string
	nPair       int // the pair output's last dimension
}

// openPairSplit cuts the aspect model file path of card c when its pair grid has the
// split's form; nil, nil when it has not.
func openPairSplit(path string, c Card, nPair int, opt infer.Options) (*pairSplit, error) {
	if opt.Device != "" && opt.Device != "cpu" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	g, err := readONNX(b)
	if err != nil {
		return nil, nil // ONNX Runtime read it: keep the full grid
	}
	pairOut := c.Decoding.PairOutput
	spec, ok := findPairSplit(g, pairOut)
	if !ok {
		return nil, nil
	}
	var trunkOuts []string
	for _, o := range c.OutputNames() {
		if o != pairOut {
			trunkOuts = append(trunkOuts, o)
		}
	}
	trunkOuts = append(trunkOuts, spec.rowVec, spec.colVec)
	trunkBytes, err := g.subgraph(nil, trunkOuts)
	if err != nil {
		return nil, nil
	}
	shape := []any{1, spec.channels, 1, "cells"}
	pairBytes, err := g.subgraph([]floatInput{{spec.rowIn, shape}, {spec.colIn, shape}}, []string{pairOut})
	if err != nil {
		return nil, nil
	}
	s := &pairSplit{pairSpec: spec, pairOut: pairOut, nPair: nPair}
	if s.trunk, err = infer.NewSessionFromBytes(path+" (trunk)", trunkBytes, c.InputNames(), trunkOuts, opt); err != nil {
		return nil, err
	}
	if s.pair, err = infer.NewSessionFromBytes(path+" (pair cells)", pairBytes, []string{spec.rowIn, spec.colIn}, []string{pairOut}, opt); err != nil {
		s.trunk.Close()
		return nil, err
	}
	return s, nil
}

func (s *pairSplit) close() error {
	if s == nil {
		return nil
	}
	err := s.trunk.Close()
	if perr := s.pair.Close(); err == nil {
		err = perr
	}
	return err
}

// splitTriplets is Triplets on the split model: the trunk in batches, then one run of the
// pair graph on every cell the decoder reads.
func (m *Model) splitTriplets(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]aspect.Triplet, []*tokenize.Encoding, error) {
	s := m.split
	encs, rows, err := m.run(ctx, s.trunk, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, nil, err
	}
	t0 := time.Now()
	defer func() { m.stats.decode.Add(int64(time.Since(t0))) }()
	aspOut, opOut := m.card.Decoding.AspectOutput, m.card.Decoding.OpinionOutput
	cells := make([][]aspect.Cell, len(texts))
	seqs := make([]int, len(texts))
	total := 0
	for i, row := range rows {
		asp := row[aspOut]
		seqs[i] = len(asp) / 3
		n := encs[i].Len()
		if len(asp)%3 != 0 || len(row[opOut]) != len(asp) || n > seqs[i] || len(row[s.rowVec]) != s.channels*seqs[i] || len(row[s.colVec]) != s.channels*seqs[i] {
			return nil, nil, fmt.Errorf("model %s: trunk outputs of %q do not fit its %d tokens", m.card.Name, clip(texts[i], 40), n)
		}
		cells[i] = m.dec.Cells(nil, asp, row[opOut], n)
		total += len(cells[i])
	}
	var probs []float32
	if total > 0 {
		c := s.channels
		a := make([]float32, c*total)
		o := make([]float32, c*total)
		k := 0
		for i, cs := range cells {
			rv, cv, seq := rows[i][s.rowVec], rows[i][s.colVec], seqs[i]
			for _, cl := range cs {
				for ch := 0; ch < c; ch++ {
					a[ch*total+k] = rv[ch*seq+cl.Row]
					o[ch*total+k] = cv[ch*seq+cl.Col]
				}
				k++
			}
		}
		out, err := s.pair.RunFloat32([][]float32{a, o}, []int64{1, int64(c), 1, int64(total)})
		if err != nil {
			return nil, nil, fmt.Errorf("model %s: %w", m.card.Name, err)
		}
		if probs = out[s.pairOut].Data; len(probs) != total*s.nPair {
			return nil, nil, fmt.Errorf("model %s: %d pair values for %d cells", m.card.Name, len(probs), total)
		}
	}
	trips := make([][]aspect.Triplet, len(texts))
	first := 0
	for i, cs := range cells {
		base := first
		missing := false
		trips[i], err = m.dec.DecodeCells(rows[i][aspOut], rows[i][opOut], encs[i].Len(), func(row, col int) []float32 {
			for k, cl := range cs {
				if cl.Row == row && cl.Col == col {
					return probs[(base+k)*s.nPair : (base+k+1)*s.nPair]
				}
			}
			missing = true
			return nil
		})
		if err == nil && missing {
			err = fmt.Errorf("a pair cell the decoder reads was not computed")
		}
		if err != nil {
			return nil, nil, fmt.Errorf("decode aspects of %q: %w", clip(texts[i], 40), err)
		}
		first += len(cs)
	}
	return trips, encs, nil
}
