// Package vad finds speech in PCM audio with the Silero VAD ONNX model (models/silero-vad,
// MIT) run through the project's ONNX Runtime: one recurrent state per channel, 32 ms
// frames at 8 or 16 kHz, and Silero's hysteresis to turn frame probabilities into segments.
package vad
