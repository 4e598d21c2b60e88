package jobs

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/record"
)

// chunkKG is what one chunk adds to the counters (Spec.RecordKG): its results with their
// input texts, or for transcript jobs its analysed calls.
type chunkKG struct {
	results []engine.Result
	texts   []string
	calls   []record.Call
}

// kgOf is c's contribution to the counters.
func kgOf(c *chunk) chunkKG {
	if c.calls == nil {
		return chunkKG{results: c.results, texts: textsOf(c)}
	}
	var k chunkKG
	for _, cr := range c.callResults {
		if cr != nil { // a failed call counts nothing
			k.calls = append(k.calls, cr.Entry())
		}
	}
	return k
}

// recordKG counts a chunk through package record, the one way records reach the counters:
// by event time and dims, customer voice only, idempotent on the record id (the input's id,
// else file:line; a call's id), so a replay after a kill never counts a record twice.
func (r *runner) recordChunk(ctx context.Context, k chunkKG) error {
	if _, err := r.rec.Record(ctx, record.Batch{Results: k.results, Texts: k.texts, Calls: k.calls}); err != nil {
		return fmt.Errorf("job: %w", err)
	}
	return nil
}

// replayKG records the results written after the last counter update (a run that was
// killed between its checkpoint and the update), then saves the checkpoint. Records
// already counted are replaced, not added again (ids are stable).
func (r *runner) replayKG(ctx context.Context) error {
	f, err := os.Open(filepath.Join(r.spec.Output, ResultsFile))
	if err != nil {
		return fmt.Errorf("job: replay counters: %w", err)
	}
	defer f.Close()
	if _, err := f.Seek(r.st.KGUpTo, io.SeekStart); err != nil {
		return fmt.Errorf("job: replay counters: %w", err)
	}
	br := bufio.NewReaderSize(io.LimitReader(f, r.st.ResultsSize-r.st.KGUpTo), 1<<20)
	isCalls := r.spec.Format == input.Transcript
	var batch chunkKG
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			l, jerr := decodeLine(line, isCalls)
			if jerr != nil {
				return fmt.Errorf("job: replay counters: %s: %w", ResultsFile, jerr)
			}
			if l.Call != nil {
				batch.calls = append(batch.calls, *l.Call)
			} else {
				batch.results = append(batch.results, l.Result)
			}
			if len(batch.results)+len(batch.calls) == 512 {
				if err := r.recordChunk(ctx, batch); err != nil {
					return err
				}
				batch = chunkKG{}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("job: replay counters: %w", err)
		}
	}
	if err := r.recordChunk(ctx, batch); err != nil {
		return err
	}
	if err := r.e.KG().SyncNow(); err != nil {
		return fmt.Errorf("job: replay counters: %w", err)
	}
	r.st.KGUpTo = r.st.ResultsSize
	return r.cp.Save(r.st)
}

// Line is one line of results.jsonl as the counters read it: an analysed call (Call, for
// transcript jobs), else a record's result (Result; a failed call is written as a Result
// with its error).
type Line struct {
	Result engine.Result
	Call   *record.Call
}

// ID is the line's record id.
func (l Line) ID() string {
	if l.Call != nil {
		return l.Call.ID
	}
	return l.Result.ID
}

// Failed reports whether the line is a record or call that failed.
func (l Line) Failed() bool { return l.Call == nil && l.Result.Error != nil }

// decodeLine reads one line of results.jsonl: an engine.Result, or for transcript jobs a
// CallResult (a failed call is written as an engine.Result with its error).
func decodeLine(line []byte, isCalls bool) (Line, error) {
	if isCalls {
		var probe struct {
			Error *engine.RecordError `json:"error"`
		}
		if err := json.Unmarshal(line, &probe); err != nil {
			return Line{}, err
		}
		if probe.Error == nil {
			var cr calls.CallResult
			if err := json.Unmarshal(line, &cr); err != nil {
				return Line{}, err
			}
			c := cr.Entry()
			return Line{Call: &c}, nil
		}
	}
	var l Line
	err := json.Unmarshal(line, &l.Result)
	return l, err
}
