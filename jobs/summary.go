package jobs

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
)

// Summary is summary.json: what a job found, aggregated over its results.
type Summary struct {
	Job JobInfo `json:"job"`
	// The counts over the results (records, sentiment, points, journey groups, top points,
	// unknown terms, timeline, brands), inlined.
	insights.Summary
	// IndustryChoice says how records naming no industry got one (Spec.IndustryMode): the
	// dominant industry and its share of the sample, or record mode. Absent with a job-wide
	// industry and for transcripts.
	IndustryChoice *IndustryChoice `json:"industry_choice,omitempty"`
}

// JobInfo describes the run.
type JobInfo struct {
	Inputs           []string          `json:"inputs"`
	Files            []FileStat        `json:"files"`
	Records          int64             `json:"records"`
	Failed           int64             `json:"failed"`
	FailedFiles      int64             `json:"failed_files"` // input files not read to their end (see Files[].Error)
	Seconds          float64           `json:"seconds"`      // processing time, all runs together
	RecordsPerSecond float64           `json:"records_per_second"`
	Workers          int               `json:"workers"`
	Versions         map[string]string `json:"versions,omitempty"`
	Generated        string            `json:"generated"`
}

// The summary's counted parts are package insights' (one home for the per-group totals).
type (
	Count          = insights.Count
	Group          = insights.Group
	PointStat      = insights.PointStat
	TermCount      = insights.TermCount
	Timeline       = insights.Timeline
	Period         = insights.Period
	WeekChange     = insights.WeekChange
	BrandRow       = insights.BrandRow
	BrandIndicator = insights.BrandIndicator
)

// Summarize aggregates results.jsonl and errors.jsonl of a job folder in one streaming
// pass; memory is bounded by the size of the knowledge graph and maxTermsTracked.
func Summarize(ctx context.Context, dir string, g *kg.Graph) (*Summary, error) {
	a := insights.NewSummarizer(g)
	var rec insights.SummaryRecord
	f, err := os.Open(filepath.Join(dir, ResultsFile))
	if err != nil {
		return nil, fmt.Errorf("summary: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	n := 0
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			var res engine.Result
			if jerr := json.Unmarshal(line, &res); jerr != nil {
				return nil, fmt.Errorf("summary: %s line %d: %w", ResultsFile, n+1, jerr)
			}
			n++
			if n%4096 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			a.Add(summaryRecord(&rec, &res))
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("summary: read %s: %w", ResultsFile, err)
		}
	}
	if err := countErrors(filepath.Join(dir, ErrorsFile), a.Summary()); err != nil {
		return nil, err
	}
	s := &Summary{Summary: *a.Finish()}
	s.Job.Generated = time.Now().UTC().Format(time.RFC3339)
	return s, nil
}

func countErrors(path string, s *insights.Summary) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var e errorLine
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.Code == string(recorderr.FileError) {
			s.ErrorCodes[string(recorderr.FileError)]++
		}
	}
	return sc.Err()
}

// summaryRecord fills rec (its sentence buffer reused) with what the summary reads of res.
func summaryRecord(rec *insights.SummaryRecord, res *engine.Result) *insights.SummaryRecord {
	*rec = insights.SummaryRecord{Mentions: res.Aspects, Sentences: rec.Sentences[:0], Time: res.Time, Brand: res.Brand}
	if res.Error != nil {
		rec.Failed, rec.ErrorCode = true, string(res.Error.Code)
		return rec
	}
	if res.Sentiment != nil {
		rec.Sentiment = res.Sentiment.Label
	}
	if res.Industry != nil && res.Industry.ID != "" {
		rec.IndustryID, rec.IndustryName = res.Industry.ID, res.Industry.Name
	}
	for _, s := range res.Sentences {
		ss := insights.SummarySentence{Text: s.Text, Start: s.Start, End: s.End}
		if s.Sentiment != nil {
			ss.Label = s.Sentiment.Label
		}
		rec.Sentences = append(rec.Sentences, ss)
	}
	return rec
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
