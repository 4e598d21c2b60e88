package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/record"
	"github.com/tingzhen/tingzhen/textcheck"
)

func init() {
	register(command{"analyze", "analyse one text, or a JSONL file of {id, text, industry, time, channel, brand, … role, aspects} records", cmdAnalyze})
	register(command{"segment", "segment a text into words with part-of-speech tags", cmdSegment})
}

func cmdAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: tingzhen analyze [flags] \"一段文字\"\n       tingzhen analyze [flags] --input IN.jsonl [--output OUT.jsonl]\n\nOne JSON result per record, same id and order; bad records get {\"id\", \"error\": {\"code\", \"message\"}}.\nExit status: 0 all records analysed, 1 some records failed, 2 usage or fatal error.\n\nFlags:")
		printFlags(fs)
	}
	var ef engineFlags
	ef.register(fs)
	in := fs.String("input", "", "JSONL input file (- for stdin)")
	out := fs.String("output", "", "JSONL output file (default stdout)")
	industry := fs.String("industry", "", "industry id for records that name none (default: inferred)")
	chunk := fs.Int("chunk", 256, "records analysed together")
	encoding := fs.String("encoding", "utf-8", "--input encoding: utf-8 (default: a line that is not UTF-8 is a bad record, invalid_utf8), gbk, gb18030, or auto (a file is read whole once and decoded as GBK/GB18030 when its lines need it, a file mixing both is refused; stdin is read as UTF-8)")
	fs.StringVar(&ef.data, "data", "", "Badger directory of the knowledge graph (default: in-memory, loaded from the packs)")
	var aspects aspectFlag
	fs.Var(&aspects, "aspect", "aspect terms to report for every record, separated by , ， 、 or | (屏幕,电池; repeatable): each occurrence gets one mention of source \"named\"; added to a record's own \"aspects\"")
	doRecord := fs.Bool("record", false, "count the records in the insights counters, by event time and dims, customer voice only, once per id (needs --data to persist)")
	var vf voiceFlags
	vf.register(fs)
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *in == "" && fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	enc, err := input.ParseEncoding(*encoding)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: --encoding: %v\n", err)
		return exitUsage
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
	if *in == "" {
		text := strings.Join(fs.Args(), " ")
		res, err := e.AnalyzeOne(ctx, engine.Input{ID: vf.id, Text: text, Industry: *industry, Time: vf.when, Dims: vf.value(), Role: vf.role, Aspects: withAspects(nil, aspects)})
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: %v\n", err)
			return exitUsage
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		if res.Error != nil {
			return exitRecordFails
		}
		return exitOK
	}
	var r io.Reader = os.Stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		r = f
		if enc == input.EncodingAuto {
			if enc, err = input.DetectEncoding(*in); err != nil {
				fmt.Fprintf(stderr, "tingzhen: %v\n", err)
				return exitUsage
			}
		}
	}
	if enc == input.GB18030 {
		r = input.GB18030Lines(r)
	}
	w := io.Writer(stdout)
	var outFile *os.File
	if *out != "" && *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: %v\n", err)
			return exitUsage
		}
		outFile = f
		w = f
	}
	failed, total, err := analyzeJSONL(ctx, e, rec, r, w, *industry, aspects, *chunk, ef.maxTextBytes)
	if outFile != nil {
		if cerr := outFile.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v (after %d records)\n", err, total)
		return exitUsage
	}
	fmt.Fprintf(stderr, "tingzhen: %d records, %d failed\n", total, failed)
	if failed > 0 {
		return exitRecordFails
	}
	return exitOK
}

// inputLine is a parsed JSONL line, or the error that replaces it.
type inputLine struct {
	in  engine.Input
	err *engine.RecordError
	// lineID is the output id of a record without one (line:N); it is analysed without an
	// id, so the counters key it by a hash of its content, not by its line number.
	lineID string
}

// analyzeJSONL streams records through the engine in chunks, writing one line per record in order.
func analyzeJSONL(ctx context.Context, e *engine.Engine, rec *record.Recorder, r io.Reader, w io.Writer, industry string, aspects aspectFlag, chunk, maxTextBytes int) (failed, total int, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	lineNo := 0
	maxLine := 4*maxTextBytes + 4096
	var batch []inputLine
	flush := func() error {
		var inputs []engine.Input
		for _, l := range batch {
			if l.err == nil {
				in := l.in
				if l.lineID != "" {
					in.ID = ""
				}
				in.Aspects = withAspects(in.Aspects, aspects)
				inputs = append(inputs, in)
			}
		}
		results, err := e.Analyze(ctx, inputs)
		if err != nil {
			return err
		}
		recordAnalyzed(ctx, rec, inputs, results)
		k := 0
		for _, l := range batch {
			var res engine.Result
			if l.err != nil {
				res = engine.Result{ID: l.in.ID, Error: l.err}
			} else {
				res = results[k]
				if l.lineID != "" {
					res.ID = l.lineID
				}
				k++
			}
			if res.Error != nil {
				failed++
			}
			total++
			if err := enc.Encode(res); err != nil {
				return fmt.Errorf("write result: %w", err)
			}
		}
		batch = batch[:0]
		return nil
	}
	for {
		line, tooLong, rerr := readLine(br, maxLine)
		// A line ended by '\n' counts even when empty, so that the numbers in ids and
		// errors after a blank line are the file's; only an empty tail at EOF is no line.
		if rerr == nil || len(line) > 0 || tooLong {
			lineNo++
			if l, skip := parseLine(line, tooLong, lineNo, industry, maxLine); !skip {
				batch = append(batch, l)
			}
			if len(batch) >= chunk {
				if err := flush(); err != nil {
					return failed, total, err
				}
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return failed, total, fmt.Errorf("read input: %w", rerr)
		}
	}
	if err := flush(); err != nil {
		return failed, total, err
	}
	return failed, total, bw.Flush()
}

// readLine reads one line; past max bytes the rest of the line is discarded and tooLong set.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		frag, e := br.ReadSlice('\n')
		if len(line)+len(frag) <= max {
			line = append(line, frag...)
		} else {
			tooLong = true
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), tooLong, e
	}
}

func parseLine(line []byte, tooLong bool, n int, industry string, maxLine int) (inputLine, bool) {
	id := fmt.Sprintf("line:%d", n)
	if tooLong {
		return inputLine{in: engine.Input{ID: id}, err: &engine.RecordError{Code: recorderr.LineTooLong, Message: fmt.Sprintf("line %d is longer than %d bytes", n, maxLine)}}, false
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return inputLine{}, true // blank lines are not records
	}
	var raw struct {
		ID       json.RawMessage `json:"id"`
		Text     *string         `json:"text"`
		Industry string          `json:"industry"`
		Time     json.RawMessage `json:"time"` // a string, or unix seconds/ms as a number
		insights.Dims
		Role    string          `json:"role"`
		Aspects json.RawMessage `json:"aspects"` // read after the id: a bad list is bad_aspects
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		msg := err.Error()
		if errors.As(err, &se) {
			msg = fmt.Sprintf("line %d is not valid JSON: %v (at byte %d)", n, se, se.Offset)
		}
		return inputLine{in: engine.Input{ID: id}, err: &engine.RecordError{Code: recorderr.BadJSON, Message: msg}}, false
	}
	if len(raw.ID) > 0 && string(raw.ID) != "null" {
		var s string
		if json.Unmarshal(raw.ID, &s) == nil {
			id = s
		} else {
			id = string(raw.ID) // numbers keep their literal form
		}
	}
	if !utf8.Valid(line) {
		// encoding/json silently turns bad bytes into U+FFFD: reject the record instead.
		return inputLine{in: engine.Input{ID: id}, err: &engine.RecordError{Code: recorderr.InvalidUTF8, Message: fmt.Sprintf("line %d is not valid UTF-8 (convert the file from its encoding, e.g. GBK, first)", n)}}, false
	}
	if esc, off, bad := textcheck.LoneSurrogate(line); bad {
		// encoding/json silently turns a lone surrogate escape into U+FFFD as well.
		return inputLine{in: engine.Input{ID: id}, err: &engine.RecordError{Code: recorderr.InvalidUTF8, Message: fmt.Sprintf("line %d: the JSON escape %s at byte %d is half of a UTF-16 surrogate pair, not a character (it would silently become U+FFFD)", n, esc, off)}}, false
	}
	if raw.Text == nil {
		return inputLine{in: engine.Input{ID: id}, err: &engine.RecordError{Code: recorderr.MissingText, Message: fmt.Sprintf("line %d has no \"text\" field", n)}}, false
	}
	if raw.Industry == "" {
		raw.Industry = industry
	}
	when := ""
	if len(raw.Time) > 0 && string(raw.Time) != "null" {
		if json.Unmarshal(raw.Time, &when) != nil {
			when = string(raw.Time) // numbers keep their literal form
		}
	}
	aspects, ok := input.AspectsJSON(raw.Aspects)
	if !ok {
		// As jobs read it (jobs/input): the record's error, its id kept.
		return inputLine{in: engine.Input{ID: id}, err: &engine.RecordError{Code: recorderr.BadAspects, Message: fmt.Sprintf("line %d: aspects is not an array of strings", n)}}, false
	}
	l := inputLine{in: engine.Input{ID: id, Text: *raw.Text, Industry: raw.Industry, Time: when, Dims: raw.Dims, Role: raw.Role, Aspects: aspects}}
	if len(raw.ID) == 0 || string(raw.ID) == "null" {
		l.lineID = id
	}
	return l, false
}

func cmdSegment(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("segment", flag.ContinueOnError)
	fs.Usage = usageFunc(fs, "Usage: tingzhen segment [flags] \"一段文字\"\n\nWords with part-of-speech tags, graph terms kept whole.\n",
		"device", "threads", "batch", "max-text-bytes", "no-aspects", "polarity-model", "time-zone")
	var ef engineFlags
	ef.register(fs)
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "Usage: tingzhen segment [flags] \"一段文字\"")
		return exitUsage
	}
	e, ok := newEngine(ctx, &ef, stderr, func(c *engine.Config) { c.AspectModel, c.CategoryModel, c.PolarityModel = "-", "-", "-" })
	if !ok {
		return exitUsage
	}
	defer e.Close()
	words, err := e.Segment(strings.Join(fs.Args(), " "))
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return exitRecordFails
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.Encode(map[string]any{"words": words})
	return exitOK
}
