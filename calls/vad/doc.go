// Package vad finds speech in PCM audio with the Silero VAD ONNX model (models/silero-vad,
// MIT), loaded and run through package model (its card, the ONNX Runtime, one shared
// session; each call steps its own tensors frame by frame): one recurrent state per channel,
// 32 ms frames at 8 or 16 kHz, and Silero's hysteresis to turn frame probabilities into
// segments.
package vad
