// Package calls analyses call-center calls and chat sessions. It sits above the engine: it
// depends on the Engine interface (which *engine.Engine satisfies), and the engine never
// imports it. It parses transcripts (JSON segments incl. FunASR sentence_info, SRT, WebVTT,
// JDDC chat logs, 坐席：/客户： lines) and PCM16 WAV audio into Calls, cleans ASR text,
// infers missing speaker roles, runs every turn of a call through one batched
// Engine.Analyze, and builds the call-level view QA and CEM need: customer emotion curve and
// peak-end summary, DUTIR emotions, escalation and risk signals, resolution, timing metrics
// (talk ratio, silence, overtalk, latency, speech rate) and the industry's compliance rules
// from the knowledge graph. Audio without a transcript goes through the Silero VAD
// (sub-package vad) per channel.
package calls
