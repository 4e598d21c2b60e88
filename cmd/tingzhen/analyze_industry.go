package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
)

// fileIndustry gives `analyze --input`'s records that name no industry one the way a job
// does (mention.Policy: IndustryMode, Dominant, FileIndustry): in dominant mode it holds
// back the file's first records until DominantSample of them name none (or
// fileIndustryHold records are held, or the input ends), lets the policy choose the file's
// dominant industry from those, and then gives each record naming none the dominant industry
// as engine.Input.Dominant: the engine keeps the record in it unless its own normalised text
// leaves it (Policy.FileIndustry; the result's industry says source dominant or record), as
// for a job's records. In record mode, with --industry, or when no industry
// dominates, every record naming none is inferred on its own, as before.
type fileIndustry struct {
	pol     *mention.Policy
	g       *kg.Graph
	mode    string
	decided bool
	held    []input.Record
	texts   []string
	choice  mention.DominantIndustry
}

// fileIndustryHold bounds the records held back while the sample fills (a file whose first
// records mostly name their own industry): 10 × DominantSample.
const fileIndustryHoldFactor = 10

func newFileIndustry(pol *mention.Policy, g *kg.Graph, mode, industry string) *fileIndustry {
	f := &fileIndustry{pol: pol, g: g, mode: mode}
	if mode != mention.IndustryModeDominant || industry != "" || g == nil {
		f.decided = true
	}
	return f
}

// add takes the next record; it returns the records ready to analyse, in input order.
func (f *fileIndustry) add(r input.Record) []input.Record {
	if f.decided {
		return []input.Record{r}
	}
	f.held = append(f.held, r)
	if r.Err == nil && r.Industry == "" && strings.TrimSpace(r.Text) != "" {
		f.texts = append(f.texts, r.Text)
	}
	if len(f.texts) >= f.pol.DominantSample || len(f.held) >= fileIndustryHoldFactor*f.pol.DominantSample {
		return f.decide()
	}
	return nil
}

// flush decides with what was sampled (the input ended) and returns the held records.
func (f *fileIndustry) flush() []input.Record {
	if f.decided {
		return nil
	}
	return f.decide()
}

func (f *fileIndustry) decide() []input.Record {
	f.decided = true
	f.choice = f.pol.Dominant(f.g, f.texts)
	out := f.held
	f.held, f.texts = nil, nil
	return out
}

// line is recordLine (industry: --industry) with the file's dominant industry, once chosen,
// for a good record that names none.
func (f *fileIndustry) line(r input.Record, industry string) inputLine {
	l := recordLine(r, industry)
	if l.err == nil && l.in.Industry == "" && f.choice.ID != "" {
		l.in.Dominant, l.in.DominantShare = f.choice.ID, f.choice.Share
	}
	return l
}

// report says on stderr what dominant mode chose, as `job run` does.
func (f *fileIndustry) report(w io.Writer) {
	if f.mode != mention.IndustryModeDominant || f.choice.Sampled == 0 {
		return
	}
	if f.choice.ID != "" {
		fmt.Fprintf(w, "tingzhen: industry %s for records naming none (%.0f%% of the first %d; a record whose own text points elsewhere is inferred on its own)\n", f.choice.ID, 100*f.choice.Share, f.choice.Sampled)
		return
	}
	fmt.Fprintf(w, "tingzhen: no dominant industry (%s %.0f%% of the first %d, under %.0f%%): inferred per record\n", f.choice.Top, 100*f.choice.Share, f.choice.Sampled, 100*f.pol.DominantShare)
}
