// Package model loads and runs the project's ONNX models: one reading of a model folder's
// card (models/*/model.yaml, Card), and one Model type — the card, the tokenizer and one
// ONNX Runtime session shared by all callers — whose Run/Probs encode texts and run them in
// length-bucketed batches, one ONNX Runtime call per batch. Aspect models decode their
// outputs into triplets (Triplets, the decoder in model/aspect; on the CPU a pair grid of
// the usual form is computed only at the cells the decoder reads, pairsplit.go, with the
// model's own nodes cut out of its ONNX file by onnxgraph.go), aspect-conditioned models
// read marked spans (MarkedProbs), and a model that reads no token ids (Silero VAD) hands
// its session to its caller. The engine, bench and calls/vad all run models through it;
// model/infer is its ONNX Runtime binding.
package model
