// Package infer runs ONNX models with ONNX Runtime through onnxruntime_go: it finds and
// loads the shared library once per process, and wraps one DynamicAdvancedSession per model
// (the only session type that is safe to share across goroutines) behind a Run that takes a
// padded batch of token ids and returns every output as float32 data with its shape.
// CPU by default; the CUDA execution provider when asked (Options.Device = "cuda"), after
// cuda.go has checked, by file and dlopen, that the provider, the CUDA/cuDNN runtime
// libraries and a GPU are there (one sentence naming what is missing otherwise).
// ONNX Runtime's telemetry is switched off before its environment is created, so it
// writes no event database under ~/.cache/Microsoft and no mat-debug log in TMPDIR.
package infer
