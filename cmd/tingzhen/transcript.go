package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tingzhen/tingzhen/calls"
)

func init() {
	register(command{"transcript", "analyse call transcripts, chat logs or call audio (transcript analyze FILE)", cmdTranscript})
}

func cmdTranscript(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "analyze" {
		fmt.Fprintln(stderr, "Usage: tingzhen transcript analyze [flags] FILE|-\n\nRun `tingzhen transcript analyze --help` for the flags.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return exitOK
		}
		return exitUsage
	}
	fs := flag.NewFlagSet("transcript analyze", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: tingzhen transcript analyze [flags] FILE|-\n\nFILE is a JSON transcript (segments or FunASR sentence_info), SRT, WebVTT, a JDDC chat log (TSV),\n坐席：/客户： lines, or a PCM16 WAV (8/16 kHz, mono or stereo with one party per channel).\nOutput: one JSON object per call (calls/SCHEMA.md); --pretty indents it.\n\nFlags:")
		printFlags(fs)
	}
	var ef engineFlags
	ef.register(fs)
	format := fs.String("format", "auto", "input format: auto, json, srt, vtt, jddc, lines, wav")
	industry := fs.String("industry", "", "industry id for calls that name none (default: inferred per call)")
	timeUnit := fs.String("time-unit", "auto", "JSON start/end unit: s, ms or auto")
	agentCh := fs.Int("agent-channel", 0, "stereo WAV: channel of the agent (0 left, 1 right)")
	audio := fs.String("audio", "", "WAV of the same call, aligned with a transcript FILE (one call)")
	silence := fs.Float64("silence-min", 1.0, "gaps shorter than this (seconds) are not silence")
	overtalk := fs.Float64("overtalk-min", 0.2, "overlaps shorter than this (seconds) are not overtalk")
	limit := fs.Int("limit", 0, "analyse only the first N calls (0: all)")
	vadModel := fs.String("vad-model", "", "Silero VAD ONNX file (default HOME/models/silero-vad/silero_vad.onnx)")
	pretty := fs.Bool("pretty", false, "indent the JSON")
	fs.StringVar(&ef.data, "data", "", "Badger directory of the knowledge graph (default: in-memory, loaded from the packs)")
	doRecord := fs.Bool("record", false, "count each call once (its customer turns only) in the insights counters, on its time with its dims (needs --data to persist)")
	var vf voiceFlags
	vf.registerDims(fs, "calls that carry none")
	if ok, code := parseFlags(fs, args[1:], stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	var r io.Reader = os.Stdin
	if p := fs.Arg(0); p != "-" {
		f, err := os.Open(p)
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		r = f
	}
	popt := calls.ParseOptions{TimeUnit: *timeUnit, AgentChannel: *agentCh}
	parsed, err := calls.ParseWith(r, *format, popt)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %s: %v\n", fs.Arg(0), err)
		return exitUsage
	}
	if *limit > 0 && len(parsed) > *limit {
		parsed = parsed[:*limit]
	}
	if *audio != "" {
		if len(parsed) != 1 {
			fmt.Fprintf(stderr, "tingzhen: --audio needs a transcript of exactly one call, got %d\n", len(parsed))
			return exitUsage
		}
		f, err := os.Open(*audio)
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: %v\n", err)
			return exitUsage
		}
		ac, err := calls.ParseWith(f, calls.FormatWAV, popt)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: %s: %v\n", *audio, err)
			return exitUsage
		}
		parsed[0].Audio = ac[0].Audio
	}
	e, ok := newEngine(ctx, &ef, stderr, nil)
	if !ok {
		return exitUsage
	}
	defer e.Close()
	rec, ok := recorder(e, *doRecord, stderr)
	if !ok {
		return exitUsage
	}
	a, err := calls.NewAnalyzer(e, calls.Options{Industry: *industry, SilenceMin: *silence, OvertalkMin: *overtalk,
		VADModel: *vadModel, Record: rec})
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return exitUsage
	}
	defer a.Close()
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	if *pretty {
		enc.SetIndent("", "  ")
	}
	for _, c := range parsed {
		if c.Time == "" {
			c.Time = vf.when
		}
		c.Dims = calls.MergeDims(c.Dims, vf.value())
		res, err := a.Analyze(ctx, c)
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: %v\n", err)
			return exitUsage
		}
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "tingzhen: write: %v\n", err)
			return exitUsage
		}
	}
	return exitOK
}
