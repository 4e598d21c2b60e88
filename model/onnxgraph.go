package model

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"
)

// A minimal reader and writer of ONNX model files (the onnx.proto messages), enough to cut
// a graph into subgraphs (pairsplit.go): nodes, initializers, graph inputs and outputs are
// kept as their encoded bytes and copied unchanged into the subgraph's model.

// Field numbers of onnx.proto.
const (
	fModelGraph = 7 // ModelProto.graph

	fGraphNode        = 1  // GraphProto.node
	fGraphName        = 2  // GraphProto.name
	fGraphInitializer = 5  // GraphProto.initializer
	fGraphInput       = 11 // GraphProto.input
	fGraphOutput      = 12 // GraphProto.output

	fNodeInput     = 1 // NodeProto.input
	fNodeOutput    = 2 // NodeProto.output
	fNodeOpType    = 4 // NodeProto.op_type
	fNodeAttribute = 5 // NodeProto.attribute
	fNodeDomain    = 7 // NodeProto.domain

	fAttrName = 1 // AttributeProto.name
	fAttrI    = 3 // AttributeProto.i
	fAttrT    = 5 // AttributeProto.t
	fAttrInts = 8 // AttributeProto.ints

	fTensorDims     = 1 // TensorProto.dims
	fTensorDataType = 2 // TensorProto.data_type
	fTensorInt64    = 7 // TensorProto.int64_data
	fTensorName     = 8 // TensorProto.name
	fTensorRaw      = 9 // TensorProto.raw_data

	fValueName = 1 // ValueInfoProto.name
	fValueType = 2 // ValueInfoProto.type

	tensorFloat = 1 // TensorProto.FLOAT
	tensorInt64 = 7 // TensorProto.INT64
)

// onnxNode is one NodeProto: its encoding and the fields the split reads.
type onnxNode struct {
	raw             []byte
	op, domain      string
	inputs, outputs []string
	ints            map[string][]int64 // int and ints attributes by name
	tensor          map[string][]int64 // int64 tensor attributes by name (Constant's value)
}

// onnxGraph is a model file cut into the parts a subgraph is assembled from.
type onnxGraph struct {
	model   [][]byte // the ModelProto's fields other than graph, encoded (tag included)
	name    string
	nodes   []onnxNode
	inits   map[string][]byte // initializer name → encoded TensorProto
	initInt map[string][]int64
	dims    map[string][]int64 // initializer name → dims
	inputs  map[string][]byte  // graph input name → encoded ValueInfoProto
	outputs map[string][]byte  // graph output name → encoded ValueInfoProto
}

// field is one protobuf field of a message: its number, wire type, the value's bytes (a
// length-delimited field) or number (a varint), and the whole field's encoding.
type field struct {
	num  protowire.Number
	typ  protowire.Type
	data []byte
	v    uint64
	raw  []byte
}

// fields splits an encoded message into its fields.
func fields(b []byte) ([]field, error) {
	var out []field
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, protowire.ParseError(n)
		}
		f := field{num: num, typ: typ}
		var m int
		switch typ {
		case protowire.BytesType:
			f.data, m = protowire.ConsumeBytes(b[n:])
		case protowire.VarintType:
			f.v, m = protowire.ConsumeVarint(b[n:])
		default:
			m = protowire.ConsumeFieldValue(num, typ, b[n:])
		}
		if m < 0 {
			return nil, protowire.ParseError(m)
		}
		f.raw = b[:n+m]
		out = append(out, f)
		b = b[n+m:]
	}
	return out, nil
}

// readONNX parses an ONNX model file's graph.
func readONNX(b []byte) (*onnxGraph, error) {
	top, err := fields(b)
	if err != nil {
		return nil, fmt.Errorf("onnx model: %w", err)
	}
	g := &onnxGraph{inits: map[string][]byte{}, initInt: map[string][]int64{}, dims: map[string][]int64{}, inputs: map[string][]byte{}, outputs: map[string][]byte{}}
	var graph []byte
	for _, f := range top {
		if f.num == fModelGraph && f.typ == protowire.BytesType {
			graph = f.data
			continue
		}
		g.model = append(g.model, f.raw)
	}
	if graph == nil {
		return nil, fmt.Errorf("onnx model: no graph")
	}
	gf, err := fields(graph)
	if err != nil {
		return nil, fmt.Errorf("onnx graph: %w", err)
	}
	for _, f := range gf {
		if f.typ != protowire.BytesType {
			continue
		}
		switch f.num {
		case fGraphName:
			g.name = string(f.data)
		case fGraphNode:
			n, err := readNode(f.data)
			if err != nil {
				return nil, err
			}
			g.nodes = append(g.nodes, n)
		case fGraphInitializer:
			name, vals, err := readTensor(f.data)
			if err != nil {
				return nil, err
			}
			if g.dims[name], err = tensorDims(f.data); err != nil {
				return nil, err
			}
			g.inits[name] = f.data
			if vals != nil {
				g.initInt[name] = vals
			}
		case fGraphInput, fGraphOutput:
			vf, err := fields(f.data)
			if err != nil {
				return nil, fmt.Errorf("onnx value info: %w", err)
			}
			for _, v := range vf {
				if v.num == fValueName && v.typ == protowire.BytesType {
					if f.num == fGraphInput {
						g.inputs[string(v.data)] = f.data
					} else {
						g.outputs[string(v.data)] = f.data
					}
				}
			}
		}
	}
	return g, nil
}

func readNode(b []byte) (onnxNode, error) {
	fs, err := fields(b)
	if err != nil {
		return onnxNode{}, fmt.Errorf("onnx node: %w", err)
	}
	n := onnxNode{raw: b, ints: map[string][]int64{}, tensor: map[string][]int64{}}
	for _, f := range fs {
		if f.typ != protowire.BytesType {
			continue
		}
		switch f.num {
		case fNodeInput:
			n.inputs = append(n.inputs, string(f.data))
		case fNodeOutput:
			n.outputs = append(n.outputs, string(f.data))
		case fNodeOpType:
			n.op = string(f.data)
		case fNodeDomain:
			n.domain = string(f.data)
		case fNodeAttribute:
			if err := n.readAttr(f.data); err != nil {
				return onnxNode{}, err
			}
		}
	}
	return n, nil
}

// readAttr records an int, ints or int64-tensor attribute; others are left in raw.
func (n *onnxNode) readAttr(b []byte) error {
	fs, err := fields(b)
	if err != nil {
		return fmt.Errorf("onnx attribute: %w", err)
	}
	var name string
	var ints []int64
	var tensor []byte
	for _, f := range fs {
		switch {
		case f.num == fAttrName && f.typ == protowire.BytesType:
			name = string(f.data)
		case f.num == fAttrI && f.typ == protowire.VarintType:
			ints = append(ints, int64(f.v))
		case f.num == fAttrInts && f.typ == protowire.VarintType:
			ints = append(ints, int64(f.v))
		case f.num == fAttrInts && f.typ == protowire.BytesType: // packed
			vs, err := packedInts(f.data)
			if err != nil {
				return err
			}
			ints = append(ints, vs...)
		case f.num == fAttrT && f.typ == protowire.BytesType:
			tensor = f.data
		}
	}
	if ints != nil {
		n.ints[name] = ints
	}
	if tensor != nil {
		_, vals, err := readTensor(tensor)
		if err != nil {
			return err
		}
		if vals != nil {
			n.tensor[name] = vals
		}
	}
	return nil
}

func packedInts(b []byte) ([]int64, error) {
	var out []int64
	for len(b) > 0 {
		v, m := protowire.ConsumeVarint(b)
		if m < 0 {
			return nil, protowire.ParseError(m)
		}
		out = append(out, int64(v))
		b = b[m:]
	}
	return out, nil
}

// readTensor returns a TensorProto's name and, for an int64 tensor stored in the file,
// its values (nil otherwise).
func readTensor(b []byte) (string, []int64, error) {
	fs, err := fields(b)
	if err != nil {
		return "", nil, fmt.Errorf("onnx tensor: %w", err)
	}
	var name string
	var dt uint64
	var vals []int64
	var raw []byte
	for _, f := range fs {
		switch {
		case f.num == fTensorName && f.typ == protowire.BytesType:
			name = string(f.data)
		case f.num == fTensorDataType && f.typ == protowire.VarintType:
			dt = f.v
		case f.num == fTensorInt64 && f.typ == protowire.VarintType:
			vals = append(vals, int64(f.v))
		case f.num == fTensorInt64 && f.typ == protowire.BytesType:
			vs, err := packedInts(f.data)
			if err != nil {
				return "", nil, err
			}
			vals = append(vals, vs...)
		case f.num == fTensorRaw && f.typ == protowire.BytesType:
			raw = f.data
		}
	}
	if dt != tensorInt64 {
		return name, nil, nil
	}
	if raw != nil {
		if len(raw)%8 != 0 {
			return "", nil, fmt.Errorf("onnx tensor %s: %d raw bytes for int64", name, len(raw))
		}
		vals = nil
		for i := 0; i < len(raw); i += 8 {
			vals = append(vals, int64(binary.LittleEndian.Uint64(raw[i:])))
		}
	}
	if vals == nil {
		vals = []int64{}
	}
	return name, vals, nil
}

// producer returns the index of the node that outputs name, or -1.
func (g *onnxGraph) producer(name string) int {
	for i, n := range g.nodes {
		for _, o := range n.outputs {
			if o == name {
				return i
			}
		}
	}
	return -1
}

// constInts is the int64 value of a tensor name: an initializer or a Constant node's value.
func (g *onnxGraph) constInts(name string) ([]int64, bool) {
	if v, ok := g.initInt[name]; ok {
		return v, true
	}
	if p := g.producer(name); p >= 0 && g.nodes[p].op == "Constant" && g.nodes[p].domain == "" {
		v, ok := g.nodes[p].tensor["value"]
		return v, ok
	}
	return nil, false
}

// floatInput is a graph input or output of type float32 tensor with the given dimension
// names or sizes (a string is a symbolic dimension, an int a fixed one).
type floatInput struct {
	name string
	dims []any
}

// subgraph encodes a model with the original's model fields and only the nodes needed to
// compute outputs from inputs: a name in inputs that the original graph computes becomes
// an input of the subgraph (given as a float tensor of inputs' shape), a graph input of the
// original stays one. Outputs that are original graph outputs keep their value info; the
// others are float tensors of unknown shape. It fails if an output cannot be computed from
// the inputs, the original graph inputs and the initializers.
func (g *onnxGraph) subgraph(inputs []floatInput, outputs []string) ([]byte, error) {
	cut := map[string]bool{}
	for _, in := range inputs {
		cut[in.name] = true
	}
	need := map[int]bool{}
	usedInits := map[string]bool{}
	usedInputs := map[string]bool{}
	var visit func(name string) error
	seen := map[string]bool{}
	visit = func(name string) error {
		if name == "" || seen[name] {
			return nil
		}
		seen[name] = true
		switch {
		case cut[name]:
			return nil
		case g.inputs[name] != nil && g.inits[name] == nil:
			usedInputs[name] = true
			return nil
		case g.inits[name] != nil:
			usedInits[name] = true
			return nil
		}
		p := g.producer(name)
		if p < 0 {
			return fmt.Errorf("onnx subgraph: %s is neither computed nor given", name)
		}
		need[p] = true
		for _, in := range g.nodes[p].inputs {
			if err := visit(in); err != nil {
				return err
			}
		}
		return nil
	}
	for _, o := range outputs {
		if err := visit(o); err != nil {
			return nil, err
		}
	}
	var gb []byte
	gb = protowire.AppendTag(gb, fGraphName, protowire.BytesType)
	gb = protowire.AppendString(gb, g.name)
	for i, n := range g.nodes { // original order: topological
		if need[i] {
			gb = protowire.AppendTag(gb, fGraphNode, protowire.BytesType)
			gb = protowire.AppendBytes(gb, n.raw)
		}
	}
	for _, name := range sortedKeys(usedInits) {
		gb = protowire.AppendTag(gb, fGraphInitializer, protowire.BytesType)
		gb = protowire.AppendBytes(gb, g.inits[name])
	}
	for _, name := range sortedKeys(usedInputs) {
		gb = protowire.AppendTag(gb, fGraphInput, protowire.BytesType)
		gb = protowire.AppendBytes(gb, g.inputs[name])
	}
	for _, in := range inputs {
		gb = protowire.AppendTag(gb, fGraphInput, protowire.BytesType)
		gb = protowire.AppendBytes(gb, floatValueInfo(in.name, in.dims))
	}
	for _, o := range outputs {
		vi := g.outputs[o]
		if vi == nil {
			vi = floatValueInfo(o, nil)
		}
		gb = protowire.AppendTag(gb, fGraphOutput, protowire.BytesType)
		gb = protowire.AppendBytes(gb, vi)
	}
	var mb []byte
	for _, f := range g.model {
		mb = append(mb, f...)
	}
	mb = protowire.AppendTag(mb, fModelGraph, protowire.BytesType)
	mb = protowire.AppendBytes(mb, gb)
	return mb, nil
}

// floatValueInfo encodes a ValueInfoProto of a float tensor; dims nil leaves the shape
// unknown.
func floatValueInfo(name string, dims []any) []byte {
	var tensor []byte
	tensor = protowire.AppendTag(tensor, 1, protowire.VarintType) // elem_type
	tensor = protowire.AppendVarint(tensor, tensorFloat)
	if dims != nil {
		var shape []byte
		for _, d := range dims {
			var dim []byte
			switch v := d.(type) {
			case int:
				dim = protowire.AppendTag(dim, 1, protowire.VarintType) // dim_value
				dim = protowire.AppendVarint(dim, uint64(v))
			case string:
				dim = protowire.AppendTag(dim, 2, protowire.BytesType) // dim_param
				dim = protowire.AppendString(dim, v)
			}
			shape = protowire.AppendTag(shape, 1, protowire.BytesType) // TensorShapeProto.dim
			shape = protowire.AppendBytes(shape, dim)
		}
		tensor = protowire.AppendTag(tensor, 2, protowire.BytesType) // Tensor.shape
		tensor = protowire.AppendBytes(tensor, shape)
	}
	var typ []byte
	typ = protowire.AppendTag(typ, 1, protowire.BytesType) // TypeProto.tensor_type
	typ = protowire.AppendBytes(typ, tensor)
	var vi []byte
	vi = protowire.AppendTag(vi, fValueName, protowire.BytesType)
	vi = protowire.AppendString(vi, name)
	vi = protowire.AppendTag(vi, fValueType, protowire.BytesType)
	vi = protowire.AppendBytes(vi, typ)
	return vi
}

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }

// tensorDims is a TensorProto's dims.
func tensorDims(b []byte) ([]int64, error) {
	fs, err := fields(b)
	if err != nil {
		return nil, fmt.Errorf("onnx tensor: %w", err)
	}
	dims := []int64{}
	for _, f := range fs {
		switch {
		case f.num == fTensorDims && f.typ == protowire.VarintType:
			dims = append(dims, int64(f.v))
		case f.num == fTensorDims && f.typ == protowire.BytesType:
			vs, err := packedInts(f.data)
			if err != nil {
				return nil, err
			}
			dims = append(dims, vs...)
		}
	}
	return dims, nil
}
