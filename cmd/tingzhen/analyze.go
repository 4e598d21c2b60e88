package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/record"
	"github.com/tingzhen/tingzhen/recorderr"
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
	in := fs.String("input", "", "JSONL input file (- for stdin); a .csv, .tsv or .txt file (or any .gz) is read as job run reads it: CSV/TSV with a header row naming the text column, a text file one record per line")
	out := fs.String("output", "", "JSONL output file (default stdout)")
	industry := fs.String("industry", "", "industry id for records that name none (default: inferred)")
	chunk := fs.Int("chunk", 256, "records analysed together")
	mp := mention.DefaultPolicy()
	industryMode := fs.String("industry-mode", mp.IndustryMode, fmt.Sprintf("--input: how records naming no industry get one without --industry: record (each its own inferred industry) or dominant (the industry of at least %.0f%% of the first %d such records, for all of them except a record whose own text points clearly elsewhere; else per record), as job run", 100*mp.DominantShare, mp.DominantSample))
	textField := fs.String("text-field", "", "--input: the key holding the text (default: the first of text, content, review, comment, body, message, sentence, 内容, 评论, 文本, 评价 present), as jobs read JSONL")
	idField := fs.String("id-field", "", "--input: the key holding the record id (default id; a record without one is named line:N)")
	encoding := fs.String("encoding", "utf-8", "--input encoding: utf-8 (default: a line that is not UTF-8 is a bad record, invalid_utf8), gbk, gb18030, or auto (a file is read whole once and decoded as GBK/GB18030 when its lines need it, a file mixing both is refused; stdin is read as UTF-8)")
	fs.StringVar(&ef.data, "data", "", "Badger directory of the knowledge graph (default: in-memory, loaded from the packs)")
	var aspects aspectFlag
	fs.Var(&aspects, "aspect", "aspect terms to report for every record, separated by , ， 、 or | (屏幕,电池; repeatable): each occurrence gets one mention of source \"named\"; added to a record's own \"aspects\"")
	doRecord := fs.Bool("record", false, "count the records in the insights counters, by event time and dims, customer voice only, once per id (needs --data to persist)")
	var vf voiceFlags
	vf.register(fs)
	cpuprofile := cpuProfileFlag(fs)
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	stopProfile, ok := startCPUProfile(*cpuprofile, stderr)
	if !ok {
		return exitUsage
	}
	defer stopProfile()
	if *in == "" && fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	mode, err := mp.ParseIndustryMode(*industryMode)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: --industry-mode: %v\n", err)
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
	defer closeEngine(ctx, e) // exitclose.go
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
	rd, err := openAnalyzeInput(*in, enc, jsonlOptions(*textField, *idField, ef.maxTextBytes)) // analyze_input.go
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return exitUsage
	}
	defer rd.Close()
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
	name := *in
	if name == "-" {
		name = "stdin"
	}
	fi := newFileIndustry(e.Config().MentionPolicy(), e.KG().Graph(), mode, *industry) // analyze_industry.go
	failed, total, err := analyzeRecords(ctx, e, rec, rd, w, *industry, fi, aspects, *chunk)
	fi.report(stderr)
	if outFile != nil {
		if cerr := outFile.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v (after %d records)\n", err, total)
		return exitUsage
	}
	if total == 0 {
		fmt.Fprintf(stderr, "tingzhen: %s holds no records (the input is empty)\n", name)
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
	// line is the record's line in the input (its first line in a CSV): the engine's
	// per-record errors (empty_text, bad_time …) are prefixed with it, as the reader's are.
	line int
}

// jsonlOptions are how analyze reads its JSONL input: jobs/input's reader (the one JSONL
// reader of jobs and analyze), with lines up to 4 × --max-text-bytes + 4 KiB.
func jsonlOptions(textField, idField string, maxTextBytes int) input.Options {
	return input.Options{Format: input.JSONL, TextField: textField, IDField: idField, MaxRecordBytes: 4*maxTextBytes + 4096, Encoding: input.UTF8}
}

// analyzeRecords streams records through the engine in chunks, writing one line per record
// in order. Records are read by jobs/input (openAnalyzeInput): the same fields and per-line
// errors as a job's, each message prefixed with its line; a record without an id is named
// line:N.
func analyzeRecords(ctx context.Context, e *engine.Engine, rec *record.Recorder, rd input.Reader, w io.Writer, industry string, fi *fileIndustry, aspects aspectFlag, chunk int) (failed, total int, err error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
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
				if res.Error != nil && l.line > 0 {
					res.Error = &engine.RecordError{Code: res.Error.Code, Message: fmt.Sprintf("line %d: %s", l.line, res.Error.Message)}
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
		r, rerr := rd.Next()
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return failed, total, fmt.Errorf("read input: %w", rerr)
		}
		for _, r := range fi.add(r) {
			batch = append(batch, fi.line(r, industry))
			if len(batch) >= chunk {
				if err := flush(); err != nil {
					return failed, total, err
				}
			}
		}
	}
	for _, r := range fi.flush() {
		batch = append(batch, fi.line(r, industry))
	}
	if err := flush(); err != nil {
		return failed, total, err
	}
	return failed, total, bw.Flush()
}

// recordLine is a record of jobs/input as analyze sends it: industry fills a record that
// names none; a bad record keeps its id (line:N without one) and its code, its message
// prefixed with the line (as the engine's errors are, in analyzeRecords).
func recordLine(rec input.Record, industry string) inputLine {
	id := rec.ID
	lineID := ""
	if id == "" {
		id = fmt.Sprintf("line:%d", rec.Line)
		lineID = id
	}
	if rec.Err != nil {
		return inputLine{in: engine.Input{ID: id}, err: &engine.RecordError{Code: recorderr.Code(rec.Err.Code), Message: fmt.Sprintf("line %d: %s", rec.Line, rec.Err.Message)}}
	}
	if rec.Industry == "" {
		rec.Industry = industry
	}
	return inputLine{in: engine.Input{ID: id, Text: rec.Text, Industry: rec.Industry, Time: rec.Time, Dims: rec.Dims, Role: rec.Role, Aspects: rec.Aspects}, lineID: lineID, line: rec.Line}
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
	defer closeEngine(ctx, e) // exitclose.go
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
