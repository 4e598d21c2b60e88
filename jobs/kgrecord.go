package jobs

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	kg "github.com/tingzhen/tingzhen/knowledge-graph"
)

// recordKG adds results to the knowledge graph's day counters and candidate terms, the way
// the engine does with Config.RecordMentions. texts[i] is the input text of results[i]
// ("" when unknown: the sentences are joined instead).
func recordKG(ctx context.Context, e *engine.Engine, results []engine.Result, texts []string) error {
	store := e.KG()
	var ms []kg.MentionCount
	for i := range results {
		res := &results[i]
		if res.Error != nil {
			continue
		}
		text := ""
		if i < len(texts) {
			text = texts[i]
		}
		if text == "" {
			var b strings.Builder
			for _, s := range res.Sentences {
				b.WriteString(s.Text)
			}
			text = b.String()
		}
		example := clipRunes(text, 200)
		industry := ""
		if res.Industry != nil {
			industry = res.Industry.ID
		}
		for _, a := range res.Aspects {
			if a.KG == nil {
				if a.Term != "" && industry != "" {
					if err := store.RecordCandidate(ctx, industry, a.Term, example); err != nil {
						return fmt.Errorf("job: record candidate term %q: %w", a.Term, err)
					}
				}
				continue
			}
			ms = append(ms, kg.MentionCount{Industry: a.KG.IDs["industry"], IndicatorID: a.KG.IDs["indicator"], AspectID: a.KG.IDs["aspect"],
				Point: a.Point, Polarity: a.Polarity, Example: example})
		}
	}
	if len(ms) > 0 {
		if err := store.Record(ctx, time.Now(), ms); err != nil {
			return fmt.Errorf("job: record mentions in the knowledge graph: %w", err)
		}
	}
	return nil
}

// replayKG records the results written after the last knowledge-graph update (a run that
// was killed between its checkpoint and the update), then saves the checkpoint.
func (r *runner) replayKG(ctx context.Context) error {
	f, err := os.Open(filepath.Join(r.spec.Output, ResultsFile))
	if err != nil {
		return fmt.Errorf("job: replay knowledge-graph counters: %w", err)
	}
	defer f.Close()
	if _, err := f.Seek(r.st.KGUpTo, io.SeekStart); err != nil {
		return fmt.Errorf("job: replay knowledge-graph counters: %w", err)
	}
	br := bufio.NewReaderSize(io.LimitReader(f, r.st.ResultsSize-r.st.KGUpTo), 1<<20)
	var batch []engine.Result
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			var res engine.Result
			if jerr := json.Unmarshal(line, &res); jerr != nil {
				return fmt.Errorf("job: replay knowledge-graph counters: %s: %w", ResultsFile, jerr)
			}
			batch = append(batch, res)
			if len(batch) == 512 {
				if err := recordKG(ctx, r.e, batch, nil); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("job: replay knowledge-graph counters: %w", err)
		}
	}
	if err := recordKG(ctx, r.e, batch, nil); err != nil {
		return err
	}
	r.st.KGUpTo = r.st.ResultsSize
	return r.cp.Save(r.st)
}
