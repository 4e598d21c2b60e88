package jobs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/kg"
)

// ChunkTextBytes ends a chunk of records at this much text (besides Spec.ChunkSize), for
// Run and for readers that chunk the same way (package scale's submit).
const ChunkTextBytes = chunkTextBytes

// RecordID is the id Run gives a record: the input's id, else file:line, with file
// relative to idRoot when idRoot is set and holds it (Spec.IDRoot).
func RecordID(file, idRoot string, rec input.Record) string {
	if rec.ID != "" {
		return rec.ID
	}
	if idRoot != "" {
		if rel, err := filepath.Rel(idRoot, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
	}
	return file + ":" + strconv.Itoa(rec.Line)
}

// EncodeResult encodes one result as a line of results.jsonl, as Run writes it (no HTML
// escaping, trailing newline).
func EncodeResult(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Folder writes a job's output folder from results analysed elsewhere (package scale's
// workers, over NATS JetStream) in Run's formats: lines appended in input order to
// results.jsonl and errors.jsonl, then Finish writes summary.json and report.html with the
// same Summarize and WriteReport as Run.
type Folder struct {
	dir        string
	resF, errF *os.File
	resW, errW *bufio.Writer
	closed     bool
	industry   *IndustryChoice // SetIndustryChoice
}

// SetIndustryChoice records the job's industry choice (ChooseIndustry) for Finish's summary.
func (f *Folder) SetIndustryChoice(c *IndustryChoice) { f.industry = c }

// CreateFolder creates dir and empties its results.jsonl and errors.jsonl, removing an
// older summary.json and report.html.
func CreateFolder(dir string) (*Folder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("job output folder: %w", err)
	}
	for _, name := range []string{SummaryFile, ReportFile} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("job: clear old output: %w", err)
		}
	}
	f := &Folder{dir: dir}
	var err error
	if f.resF, err = os.Create(filepath.Join(dir, ResultsFile)); err != nil {
		return nil, fmt.Errorf("job: create %s: %w", ResultsFile, err)
	}
	if f.errF, err = os.Create(filepath.Join(dir, ErrorsFile)); err != nil {
		f.resF.Close()
		return nil, fmt.Errorf("job: create %s: %w", ErrorsFile, err)
	}
	f.resW = bufio.NewWriterSize(f.resF, 1<<20)
	f.errW = bufio.NewWriterSize(f.errF, 64<<10)
	return f, nil
}

// AppendResult appends one line of results.jsonl (as EncodeResult makes it).
func (f *Folder) AppendResult(line []byte) error {
	if _, err := f.resW.Write(line); err != nil {
		return fmt.Errorf("job: write %s: %w", ResultsFile, err)
	}
	return nil
}

// AppendError appends one line of errors.jsonl: a failed record (its file, line, id, code
// and reason) or, with code file_error, an input file that could not be read to its end.
func (f *Folder) AppendError(file string, line int, id, code, reason string) error {
	b, err := EncodeResult(errorLine{File: file, Line: line, ID: id, Code: code, Reason: reason})
	if err != nil {
		return fmt.Errorf("job: encode error line: %w", err)
	}
	if _, err := f.errW.Write(b); err != nil {
		return fmt.Errorf("job: write %s: %w", ErrorsFile, err)
	}
	return nil
}

// Close flushes, syncs and closes results.jsonl and errors.jsonl.
func (f *Folder) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	var errs []error
	for _, w := range []struct {
		name string
		bw   *bufio.Writer
		f    *os.File
	}{{ResultsFile, f.resW, f.resF}, {ErrorsFile, f.errW, f.errF}} {
		if err := w.bw.Flush(); err != nil {
			errs = append(errs, fmt.Errorf("job: write %s: %w", w.name, err))
		}
		if err := w.f.Sync(); err != nil {
			errs = append(errs, fmt.Errorf("job: sync %s: %w", w.name, err))
		}
		if err := w.f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("job: close %s: %w", w.name, err))
		}
	}
	return errors.Join(errs...)
}

// Finish closes the outputs and writes summary.json and report.html from them, with info
// as the summary's job section (its Generated time is set here).
func (f *Folder) Finish(ctx context.Context, g *kg.Graph, info JobInfo) (*Summary, error) {
	if err := f.Close(); err != nil {
		return nil, err
	}
	sum, err := Summarize(ctx, f.dir, g)
	if err != nil {
		return nil, err
	}
	info.Generated = sum.Job.Generated
	sum.Job = info
	sum.IndustryChoice = f.industry
	if err := writeSummaryFiles(f.dir, sum); err != nil {
		return nil, err
	}
	return sum, nil
}

// writeSummaryFiles writes summary.json and report.html of a summary into dir.
func writeSummaryFiles(dir string, sum *Summary) error {
	b, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return fmt.Errorf("job: encode summary: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(dir, SummaryFile), b); err != nil {
		return err
	}
	var html bytes.Buffer
	if err := WriteReport(&html, sum); err != nil {
		return fmt.Errorf("job: render report: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, ReportFile), html.Bytes())
}

// CallsPerChunk is how many calls of a transcript file Run analyses together (and package
// scale's submit puts in one chunk).
const CallsPerChunk = callsPerChunk

// ParseTranscriptFile parses one transcript file into calls as Run does for --format
// transcript (the call ids default to the file's base name).
func ParseTranscriptFile(path string) ([]calls.Call, error) { return parseTranscriptFile(path) }

// DecodeLine reads one line of results.jsonl as the counters read it: a record's
// engine.Result, or for transcript jobs (calls) a CallResult line as its record.Call
// (CallResult.Entry).
func DecodeLine(line []byte, calls bool) (Line, error) { return decodeLine(line, calls) }
