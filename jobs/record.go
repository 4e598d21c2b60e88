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
)

// recordResults counts results through engine.Record, the one way records reach the
// counters: by event time and dims, customer voice only, idempotent on the record id (the
// input's id, else file:line), so a replay after a kill never counts a record twice.
// texts[i] is the input text of results[i] ("" when unknown: the sentences are joined).
func recordResults(ctx context.Context, e *engine.Engine, results []engine.Result, texts []string) error {
	if _, err := e.Record(ctx, results, texts); err != nil {
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
	calls := r.spec.Format == input.Transcript
	var batch []engine.Result
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			res, jerr := decodeResult(line, calls)
			if jerr != nil {
				return fmt.Errorf("job: replay counters: %s: %w", ResultsFile, jerr)
			}
			batch = append(batch, res)
			if len(batch) == 512 {
				if err := recordResults(ctx, r.e, batch, nil); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("job: replay counters: %w", err)
		}
	}
	if err := recordResults(ctx, r.e, batch, nil); err != nil {
		return err
	}
	if err := r.e.KG().SyncNow(); err != nil {
		return fmt.Errorf("job: replay counters: %w", err)
	}
	r.st.KGUpTo = r.st.ResultsSize
	return r.cp.Save(r.st)
}

// decodeResult reads one line of results.jsonl: an engine.Result, or for transcript jobs a
// CallResult (a failed call is written as an engine.Result with its error).
func decodeResult(line []byte, isCalls bool) (engine.Result, error) {
	if isCalls {
		var probe struct {
			Error *engine.RecordError `json:"error"`
		}
		if err := json.Unmarshal(line, &probe); err != nil {
			return engine.Result{}, err
		}
		if probe.Error == nil {
			var cr calls.CallResult
			if err := json.Unmarshal(line, &cr); err != nil {
				return engine.Result{}, err
			}
			return cr.AsResult(), nil
		}
	}
	var res engine.Result
	err := json.Unmarshal(line, &res)
	return res, err
}
