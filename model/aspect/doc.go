// Package aspect turns the raw outputs of the aspect-zh model (models/aspect-zh) into
// (aspect term, opinion term, polarity) triplets over model token positions.
//
// It is pure Go and runs no model itself: the caller feeds the ONNX outputs
// (aspect_probs, opinion_probs, pair_probs, see model.yaml) produced by model/infer; package
// model runs the model and calls it (Model.Triplets), and model.Card reads its settings.
// The decoding is the same, step for step, as decode() in training/aste_data.py, which
// produced the metrics in model.yaml.
package aspect
