// Package bench measures models and the pipeline on real data for `tingzhen bench`: accuracy
// (accuracy, macro-F1, per-class precision/recall, confusion matrix, triplet and micro F1),
// the held-out accuracy of what analyze returns (pipelineacc.go: car, ASTE, APC and the
// hand-checked test part, per mention source), speed (texts/s, tokens/s, latency
// percentiles, peak RSS) and each pipeline stage's share of the end-to-end time, written as
// Markdown, JSON and an SVG chart; and the GPU report (gpu.go) from the JSON of
// bench/gpu/run.sh.
package bench
