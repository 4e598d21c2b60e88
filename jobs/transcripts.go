package jobs

import (
	"context"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"os"
	"path/filepath"
	"strings"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// Transcript files (--format transcript) are parsed whole by package calls (JSON
// segments, FunASR, SRT, WebVTT, JDDC chat logs, 坐席：/客户： lines, WAV; up to 64 MiB per
// file), and each call is one record: results.jsonl holds one CallResult per call (see
// calls/SCHEMA.md), whose customer aspects feed the summary. Positions count
// calls, so a resumed job re-parses the file and skips the calls already written.

const callsPerChunk = 8

func (r *runner) readTranscripts(ctx context.Context, fi int, pos input.Position, send func(*chunk) error) error {
	path := r.st.Files[fi]
	calls, err := parseTranscriptFile(path)
	if err != nil {
		return send(&chunk{fileIdx: fi, eof: true, fileErr: err, endPos: pos})
	}
	done := int(pos.Records)
	if done > len(calls) {
		done = len(calls)
	}
	for {
		end := min(done+callsPerChunk, len(calls))
		c := &chunk{fileIdx: fi, format: input.Transcript, encoding: input.UTF8, calls: calls[done:end],
			endPos: input.Position{Records: int64(end)}, eof: end == len(calls)}
		if fs, err := os.Stat(path); err == nil && len(calls) > 0 {
			c.rawRead = fs.Size() * int64(end) / int64(len(calls))
		}
		if err := send(c); err != nil {
			return err
		}
		if c.eof {
			return nil
		}
		done = end
	}
}

func parseTranscriptFile(path string) ([]calls.Call, error) {
	f, err := input.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("open transcript: %w", err)
	}
	defer f.Close()
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	parsed, err := calls.ParseWith(f, calls.FormatAuto, calls.ParseOptions{ID: base})
	if err != nil {
		return nil, fmt.Errorf("transcript %s: %w", path, err)
	}
	return parsed, nil
}

func (r *runner) analyzeCalls(ctx context.Context, c *chunk) error {
	if r.calls == nil {
		return errors.New("job: transcript analyzer not ready")
	}
	c.results = make([]engine.Result, len(c.calls))
	c.callResults = make([]*calls.CallResult, len(c.calls))
	for i, call := range c.calls {
		if call.Industry == "" {
			call.Industry = r.spec.Industry
		}
		cr, err := r.calls.AnalyzeWith(ctx, call, r.runTexts)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			code := recorderr.CallFailed
			var re *engine.RecordError
			if errors.As(err, &re) {
				code = re.Code
			}
			c.results[i] = engine.Result{ID: call.ID, Error: &engine.RecordError{Code: code, Message: err.Error()}}
			continue
		}
		c.callResults[i] = &cr
		// Its id for the error log; the counters take the call itself (kgOf).
		c.results[i] = engine.Result{ID: cr.ID}
	}
	return nil
}
