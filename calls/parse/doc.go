// Package parse reads call-center transcripts, chat logs and audio into Calls: JSON segments
// (incl. FunASR sentence_info), SRT, WebVTT, JDDC chat logs (TSV), 坐席：/客户： lines and
// PCM16 WAV. It only reads: cleaning, roles and analysis are package calls'.
package parse
