package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/tingzhen/tingzhen/jobs/input"
)

// openAnalyzeInput opens `analyze --input`'s records: stdin ("-") and files are JSONL, read by
// jobs/input's JSONL reader (enc: utf-8, gb18030, or auto, decided over the whole file); a
// file whose name says CSV, TSV or text (.csv, .tsv, .tab, .txt, .text, .log), or any gzip'd
// file (.gz, format from the name inside, else sniffed), is read as `job run` reads it
// (input.Open: a CSV/TSV header row naming the text column, one text per line of a text
// file), with the same options. A file no record can be read from (a missing text column,
// an empty CSV) is an error naming the file.
func openAnalyzeInput(path, enc string, opt input.Options) (input.Reader, error) {
	if path == "-" {
		if enc == input.GB18030 {
			return input.JSONLines(input.GB18030Lines(os.Stdin), "stdin", opt)
		}
		return input.JSONLines(os.Stdin, "stdin", opt)
	}
	if f := input.FormatFromName(path); f == input.CSV || f == input.TSV || f == input.Text || strings.HasSuffix(strings.ToLower(path), ".gz") {
		opt.Format, opt.Encoding = input.Auto, enc
		return input.Open(path, opt, input.Position{})
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if enc == input.EncodingAuto {
		if enc, err = input.DetectEncoding(path); err != nil {
			f.Close()
			return nil, err
		}
	}
	var rd input.Reader
	if enc == input.GB18030 {
		rd, err = input.JSONLines(input.GB18030Lines(f), path, opt)
	} else {
		rd, err = input.JSONLines(f, path, opt)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("input %s: %w", path, err)
	}
	return fileReader{rd, f}, nil
}

// fileReader closes its file with the reader (input.JSONLines leaves its io.Reader open).
type fileReader struct {
	input.Reader
	f *os.File
}

func (r fileReader) Close() error {
	err := r.Reader.Close()
	if cerr := r.f.Close(); err == nil {
		err = cerr
	}
	return err
}
