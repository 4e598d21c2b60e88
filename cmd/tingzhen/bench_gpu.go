package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tingzhen/tingzhen/bench"
)

// benchGPU turns the JSON that bench/gpu/run.sh wrote on a GPU machine into the Markdown
// report (bench/results/gpu.md). It loads no model and needs no GPU.
func benchGPU(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench gpu", flag.ContinueOnError)
	from := fs.String("from", "", "gpu.json written by bench/gpu/run.sh (required)")
	out := fs.String("out", "", "write the Markdown here (default stdout)")
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *from == "" {
		fmt.Fprintln(stderr, "tingzhen bench gpu: --from FILE is required (the gpu.json of bench/gpu/run.sh)")
		return exitUsage
	}
	f, err := os.Open(*from)
	if err != nil {
		return fail(stderr, fmt.Errorf("open GPU report: %w", err))
	}
	defer f.Close()
	rep, err := bench.ReadGPUReport(f)
	if err != nil {
		return fail(stderr, fmt.Errorf("%s: %w", *from, err))
	}
	w := stdout
	if *out != "" {
		o, err := os.Create(*out)
		if err != nil {
			return fail(stderr, fmt.Errorf("create report: %w", err))
		}
		defer o.Close()
		w = o
	}
	bench.WriteGPUMarkdown(w, rep)
	return exitOK
}
