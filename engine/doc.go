// Package engine is tingzhen's analysis pipeline. One Engine is built per process and
// shared by all goroutines: one jieba instance, one ONNX Runtime session per model, one
// knowledge-graph store. For each record it runs
//
//	normalize → split → segment → tokenize → batch → infer → map (knowledge graph) → aggregate
//
// (sub-packages named after each stage) and returns the result contract (Result): document
// and sentence sentiment, aspects with their pain/itch/pleasure point and knowledge-graph
// placement, keywords, the industry, warnings — or a per-record error. Offsets are Unicode
// code-point offsets into the original text.
package engine
