package model

import (
	"bufio"
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine/batch"
)

// lines are the real review lines of engine/tokenize/testdata (shop, delivery and car
// reviews, 299 non-empty lines).
func lines(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("../engine/tokenize/testdata/lines.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// TestPairSplitIdentical: aspect-zh is cut at its pair grid, and the cut changes nothing:
// Triplets through the split equal Triplets through the full grid, and every cell of every
// real line's grid computed by the pair graph (all cells of a batch in one run) equals the
// full model's cell bit for bit, as do the tag outputs of the trunk.
func TestPairSplitIdentical(t *testing.T) {
	m := open(t, "aspect-zh")
	if m.split == nil {
		t.Fatal("aspect-zh was not split at its pair grid")
	}
	texts := append(lines(t), "", "好", strings.Repeat("屏幕很清楚，电池不耐用，", 30))
	if got, err := m.Triplets(context.Background(), nil, 16, 1024); err != nil || len(got) != 0 {
		t.Errorf("no texts: %v, %v", got, err)
	}
	got, err := m.Triplets(context.Background(), texts, 16, 1024)
	if err != nil {
		t.Fatal(err)
	}
	full := m.WithWorkers(2)
	full.split = nil
	want, err := full.Triplets(context.Background(), texts, 16, 1024)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range texts {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%q: split %+v, full grid %+v", texts[i], got[i], want[i])
		}
		n += len(got[i])
	}
	if n < len(texts) {
		t.Errorf("%d triplets on %d lines: too few to compare", n, len(texts))
	}

	s := m.split
	lens := make([]int, len(texts))
	ids := make([][]int64, len(texts))
	for i, tx := range texts {
		e := m.Encode(tx)
		ids[i], lens[i] = e.IDs, e.Len()
	}
	cells, differ := 0, 0
	for _, b := range batch.Plan(lens, 16, 1024) {
		seq := b.Seq
		in := make([]int64, len(b.Items)*seq)
		mask := make([]int64, len(b.Items)*seq)
		for r, i := range b.Items {
			copy(in[r*seq:], ids[i])
			for k := range ids[i] {
				mask[r*seq+k] = 1
			}
		}
		fo, err := m.sess.Run(in, mask, len(b.Items), seq)
		if err != nil {
			t.Fatal(err)
		}
		to, err := s.trunk.Run(in, mask, len(b.Items), seq)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"aspect_probs", "opinion_probs"} {
			if !reflect.DeepEqual(fo[name].Data, to[name].Data) {
				t.Errorf("trunk's %s differs from the full model's", name)
			}
		}
		c := s.channels
		rv, cv := to[s.rowVec].Data, to[s.colVec].Data
		var a, o []float32
		var where []int // index of each cell in the full grid's data
		for r, i := range b.Items {
			for row := 0; row < lens[i]; row++ {
				for col := 0; col < lens[i]; col++ {
					where = append(where, ((r*seq+row)*seq+col)*s.nPair)
				}
			}
		}
		total := len(where)
		a, o = make([]float32, c*total), make([]float32, c*total)
		k := 0
		for r, i := range b.Items {
			for row := 0; row < lens[i]; row++ {
				for col := 0; col < lens[i]; col++ {
					for ch := 0; ch < c; ch++ {
						a[ch*total+k] = rv[(r*c+ch)*seq+row]
						o[ch*total+k] = cv[(r*c+ch)*seq+col]
					}
					k++
				}
			}
		}
		po, err := s.pair.RunFloat32([][]float32{a, o}, []int64{1, int64(c), 1, int64(total)})
		if err != nil {
			t.Fatal(err)
		}
		grid, part := fo[s.pairOut].Data, po[s.pairOut].Data
		for k, w := range where {
			for p := 0; p < s.nPair; p++ {
				cells++
				if part[k*s.nPair+p] != grid[w+p] {
					differ++
				}
			}
		}
	}
	if differ > 0 || cells == 0 {
		t.Errorf("%d of %d pair probabilities differ from the full grid's", differ, cells)
	}
}

// TestFindPairSplit: only a pair grid of exactly the split's form is cut; swapping the
// Unsqueeze axes swaps rows and columns.
func TestFindPairSplit(t *testing.T) {
	data, err := os.ReadFile("../models/aspect-zh/model.onnx")
	if err != nil {
		t.Fatal(err)
	}
	node := func(g *onnxGraph, op string) *onnxNode {
		for i := len(g.nodes) - 1; i >= 0; i-- {
			if g.nodes[i].op == op {
				return &g.nodes[i]
			}
		}
		t.Fatalf("no %s node", op)
		return nil
	}
	f := func(name string, mutate func(g *onnxGraph), wantOK bool, wantRow string) {
		t.Helper()
		g, err := readONNX(data)
		if err != nil {
			t.Fatal(err)
		}
		mutate(g)
		spec, ok := findPairSplit(g, "pair_probs")
		if ok != wantOK || ok && (spec.rowVec != wantRow || spec.channels != 32) {
			t.Errorf("%s: split %v %+v, want %v with rows from %s", name, ok, spec, wantOK, wantRow)
		}
	}
	keep := func(*onnxGraph) {}
	f("the shipped model", keep, true, "/pa/Conv_output_0")
	f("softmax over axis 1", func(g *onnxGraph) { node(g, "Softmax").ints["axis"] = []int64{1} }, false, "")
	f("softmax without axis", func(g *onnxGraph) { delete(node(g, "Softmax").ints, "axis") }, false, "")
	f("another transpose", func(g *onnxGraph) { node(g, "Transpose").ints["perm"] = []int64{0, 3, 2, 1} }, false, "")
	f("a 3x1 pair kernel", func(g *onnxGraph) { g.dims["pair.weight"] = []int64{4, 32, 3, 1} }, false, "")
	f("strided pair conv", func(g *onnxGraph) { node(g, "Conv").ints["strides"] = []int64{2, 2} }, false, "")
	f("padded pair conv", func(g *onnxGraph) { node(g, "Conv").ints["pads"] = []int64{1, 1, 1, 1} }, false, "")
	f("sigmoid for relu", func(g *onnxGraph) { node(g, "Relu").op = "Sigmoid" }, false, "")
	f("mul for add", func(g *onnxGraph) {
		for i := len(g.nodes) - 1; i >= 0; i-- {
			if g.nodes[i].op == "Add" {
				g.nodes[i].op = "Mul"
				return
			}
		}
	}, false, "")
	f("swapped unsqueeze axes", func(g *onnxGraph) {
		for i := range g.nodes {
			if n := &g.nodes[i]; n.op == "Constant" {
				switch v := n.tensor["value"]; {
				case len(v) == 1 && v[0] == 3:
					n.tensor["value"] = []int64{2}
				case len(v) == 1 && v[0] == 2:
					n.tensor["value"] = []int64{3}
				}
			}
		}
	}, true, "/po/Conv_output_0")
	f("same axis twice", func(g *onnxGraph) {
		for i := range g.nodes {
			if n := &g.nodes[i]; n.op == "Constant" && reflect.DeepEqual(n.tensor["value"], []int64{2}) {
				n.tensor["value"] = []int64{3}
			}
		}
	}, false, "")
	if g, _ := readONNX(data); g != nil {
		if _, ok := findPairSplit(g, "aspect_probs"); ok {
			t.Error("aspect_probs taken for a pair grid")
		}
		if _, err := g.subgraph(nil, []string{"no_such_tensor"}); err == nil {
			t.Error("subgraph of an unknown output succeeded")
		}
	}
}

// TestRunFloat32Errors: inputs that do not fit the session fail with a message.
func TestRunFloat32Errors(t *testing.T) {
	m := open(t, "aspect-zh")
	s := m.split.pair
	f := func(in [][]float32, shape []int64, want string) {
		t.Helper()
		if _, err := s.RunFloat32(in, shape); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("shape %v: error %v, want %q", shape, err, want)
		}
	}
	ok := make([]float32, 32*3)
	f([][]float32{ok}, []int64{1, 32, 1, 3}, "1 inputs given")
	f([][]float32{ok, ok[:5]}, []int64{1, 32, 1, 3}, "has 5 values")
	f([][]float32{ok, ok}, []int64{1, 32, 0, 3}, "bad shape")
	if out, err := s.RunFloat32([][]float32{ok, ok}, []int64{1, 32, 1, 3}); err != nil || len(out[m.split.pairOut].Data) != 3*4 {
		t.Errorf("3 cells: %v, %v", out, err)
	}
}

// FuzzReadONNX: any bytes give a graph or an error, never a panic, and a graph read can
// be searched for a pair grid and cut.
func FuzzReadONNX(f *testing.F) {
	data, err := os.ReadFile("../models/polarity-zh/model.onnx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data[:4096])
	f.Add([]byte{0x3a, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0x78})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := readONNX(b)
		if err != nil {
			return
		}
		findPairSplit(g, "pair_probs")
		for _, n := range g.nodes {
			for _, o := range n.outputs {
				g.subgraph([]floatInput{{"x", []any{1, "n"}}}, []string{o})
			}
		}
	})
}
