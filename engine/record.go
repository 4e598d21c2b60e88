package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
)

// Roles of an Input (who speaks). Only the customer's voice is counted.
const (
	RoleCustomer = "customer"
	RoleAgent    = "agent"
	RoleSystem   = "system"
)

// Insights returns the customer-voice counters (by event time and dimensions), kept in the
// knowledge graph's Badger store.
func (e *Engine) Insights() *insights.Store { return e.insights }

// readVoice reads an input's event time, dimensions and role and echoes them on its result.
// A time that does not parse, or an unknown role, fails the record (bad_time, bad_role).
func (e *Engine) readVoice(r *record) *RecordError {
	in := r.in
	r.res.Dims = in.Dims
	if len(in.Tags) > 0 {
		r.res.Tags = append([]string(nil), in.Tags...)
	}
	switch in.Role {
	case "", RoleCustomer, RoleAgent, RoleSystem:
		r.res.Role = in.Role
	default:
		return &RecordError{Code: recorderr.BadRole, Message: fmt.Sprintf("role %q is not one of customer, agent, system (empty means customer)", in.Role)}
	}
	if s := strings.TrimSpace(in.Time); s != "" {
		when, err := insights.ParseTime(s, e.cfg.Location)
		if err != nil {
			return &RecordError{Code: recorderr.BadTime, Message: fmt.Sprintf("time %q cannot be read (%v); use RFC 3339 (2024-11-03T14:05:00+08:00), 2024-11-03[ 14:05[:05]], 2024/11/03, 20241103, 2024年11月3日[ 14:05], or unix seconds/milliseconds", s, err)}
		}
		r.res.Time = when.Format(time.RFC3339)
	}
	return nil
}

// stampRole marks every mention of an agent's or a system's record with that role, so that
// the result shows whose words they are and the counters leave them out.
func stampRole(r *record) {
	if r.in.Role == "" {
		return
	}
	for i := range r.res.Aspects {
		r.res.Aspects[i].Role = r.in.Role
	}
}

// recordAnalyzed counts the records of one Analyze call (Config.RecordMentions); failures
// are logged, never fail the analysis.
func (e *Engine) recordAnalyzed(ctx context.Context, recs []*record) {
	results := make([]Result, 0, len(recs))
	texts := make([]string, 0, len(recs))
	for _, r := range recs {
		if r.in.NoRecord || r.in.SentimentOnly {
			continue
		}
		results = append(results, *r.res)
		texts = append(texts, r.in.Text)
	}
	if len(results) == 0 {
		return
	}
	if _, err := e.Record(ctx, results, texts); err != nil {
		e.log.Warn("record results", "err", err)
	}
}

// Record is the one way analysed results reach the counters (the engine with
// Config.RecordMentions, bulk jobs, call transcripts): each customer-voice result without
// Error becomes one insights.Record (RecordOf) and the batch is ingested, idempotently on
// the record id; the customer's unmapped terms are recorded as candidate terms, once per
// record id too (kg.Store.RecordCandidates). texts[i]
// is results[i]'s input text ("" or missing: its sentences are joined). Results without an
// event time are counted at the time of this call. The knowledge graph's old day counters
// (kg.Store.Record) are no longer written: insights migrated them once and keeps the counts.
func (e *Engine) Record(ctx context.Context, results []Result, texts []string) (insights.IngestStats, error) {
	now := time.Now().In(e.cfg.Location)
	recs := make([]insights.Record, 0, len(results))
	var hits []kg.CandidateHit
	for i := range results {
		res := &results[i]
		if res.Error != nil || !CustomerVoice(res.Role) { // an agent's or system record is never counted
			continue
		}
		text := ""
		if i < len(texts) {
			text = texts[i]
		}
		if text == "" {
			text = joinSentences(res)
		}
		rec := RecordOf(res, text, now)
		recs = append(recs, rec)
		example := clip(text, 200)
		for _, m := range rec.Mentions {
			if CustomerVoice(m.Role) && m.KG == nil && m.Term != "" && rec.Industry != "" {
				hits = append(hits, kg.CandidateHit{Industry: rec.Industry, Term: m.Term, Example: example, RecordID: rec.ID})
			}
		}
	}
	if len(recs) == 0 {
		return insights.IngestStats{}, nil
	}
	// Candidates count once per record id, like the counters (a replayed job, a text sent
	// again), in one transaction per batch with their markers.
	bad, err := e.store.RecordCandidates(ctx, hits)
	for _, b := range bad {
		e.log.Debug("record candidate", "err", b)
	}
	if err != nil {
		return insights.IngestStats{}, fmt.Errorf("record %d candidate terms: %w", len(hits), err)
	}
	st, err := e.insights.Ingest(ctx, recs)
	if err != nil {
		return st, fmt.Errorf("record %d results in the insights counters: %w", len(recs), err)
	}
	for _, re := range st.Errors {
		e.log.Warn("record not counted", "id", re.ID, "err", re.Err)
	}
	return st, nil
}

// CustomerVoice reports whether a mention (or record) with this role is the customer's
// voice, the only one counted: "" or "customer".
func CustomerVoice(role string) bool { return insights.Customer(role) }

// RecordOf turns one analysed result into the counters' record: ID = Result.ID, else
// ContentID of text, time and dims; Time = Result.Time (the input's event time), else now;
// the result's dims, industry, sentiment, mentions and indicator verdicts, with the
// result's role stamped on mentions that carry none.
func RecordOf(res *Result, text string, now time.Time) insights.Record {
	when := now
	if res.Time != "" {
		if t, err := time.Parse(time.RFC3339, res.Time); err == nil {
			when = t
		} else if t, err := insights.ParseTime(res.Time, now.Location()); err == nil {
			when = t
		}
	}
	id := res.ID
	if id == "" {
		id = ContentID(text, res.Time, res.Dims)
	}
	rec := insights.Record{ID: id, Time: when, Dims: res.Dims, Text: text, Mentions: res.Aspects, Indicators: res.Indicators}
	if res.Industry != nil {
		rec.Industry = res.Industry.ID
	}
	if res.Sentiment != nil {
		rec.Sentiment = res.Sentiment.Label
	}
	if res.Role != "" {
		ms := make([]mention.Mention, len(res.Aspects))
		for i, m := range res.Aspects {
			if m.Role == "" {
				m.Role = res.Role
			}
			ms[i] = m
		}
		rec.Mentions = ms
	}
	return rec
}

// ContentID is the record id of a record sent without one: a hash of its text, event time
// and dimensions, so the same text sent again counts once.
func ContentID(text, when string, d insights.Dims) string {
	h := sha256.New()
	for _, s := range []string{text, when, d.Channel, d.Brand, d.Product, d.Store, d.Region, d.Segment, strings.Join(d.Tags, "\x1f")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "h:" + hex.EncodeToString(h.Sum(nil)[:12])
}

func joinSentences(res *Result) string {
	var b strings.Builder
	for _, s := range res.Sentences {
		b.WriteString(s.Text)
	}
	return b.String()
}
