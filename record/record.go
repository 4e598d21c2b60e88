package record

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/store"
)

// Options configures a Recorder. Zero values take the defaults.
type Options struct {
	// Location is the zone of "now", the time of records sent without an event time, and
	// reads a result's time that is not RFC 3339 (default time.Local).
	Location *time.Location
	// Logger receives the records and candidate terms that could not be written, which
	// never fail the rest of a batch (default slog.Default()).
	Logger *slog.Logger
}

// Recorder writes results and calls to the insights counters and the candidate terms. It is
// safe for concurrent use (both stores are).
type Recorder struct {
	st  *store.Store
	ins *insights.Store
	loc *time.Location
	log *slog.Logger
}

// New returns a Recorder writing candidate terms to st and counters to ins.
func New(st *store.Store, ins *insights.Store, opt Options) (*Recorder, error) {
	if st == nil || ins == nil {
		return nil, errors.New("record: a store (candidate terms) and an insights store are needed")
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return &Recorder{st: st, ins: ins, loc: opt.Location, log: opt.Logger}, nil
}

// ForEngine returns a Recorder over the stores e opened (its store, for candidate terms, and
// its insights counters), in e's time zone.
func ForEngine(e *engine.Engine) (*Recorder, error) {
	if e == nil {
		return nil, errors.New("record: nil engine")
	}
	return New(e.KG(), e.Insights(), Options{Location: e.Config().Location})
}

// Batch is what one Record call writes, in one ingest: analysed texts and analysed calls.
type Batch struct {
	// Results are analysed texts; Texts[i] is Results[i]'s input text ("" or missing:
	// its sentences are joined).
	Results []engine.Result
	Texts   []string
	// Calls are analysed calls, one record each.
	Calls []Call
}

// Record writes a batch: each customer-voice result without an error and each call becomes
// one insights.Record, ingested idempotently on the record id; the customer's unmapped
// terms are recorded as candidate terms, once per record id too. Records without an event
// time are counted at the time of this call.
func (r *Recorder) Record(ctx context.Context, b Batch) (insights.IngestStats, error) {
	now := time.Now().In(r.loc)
	recs := make([]insights.Record, 0, len(b.Results)+len(b.Calls))
	for i := range b.Results {
		res := &b.Results[i]
		if res.Error != nil || !CustomerVoice(res.Role) { // an agent's or system record is never counted
			continue
		}
		text := ""
		if i < len(b.Texts) {
			text = b.Texts[i]
		}
		if text == "" {
			text = joinSentences(res)
		}
		recs = append(recs, RecordOf(res, text, now))
	}
	for i := range b.Calls {
		recs = append(recs, CallRecord(&b.Calls[i], now))
	}
	return r.ingest(ctx, recs)
}

// Results writes analysed texts (Record with only Results and Texts).
func (r *Recorder) Results(ctx context.Context, results []engine.Result, texts []string) (insights.IngestStats, error) {
	return r.Record(ctx, Batch{Results: results, Texts: texts})
}

// Calls writes analysed calls (Record with only Calls).
func (r *Recorder) Calls(ctx context.Context, calls []Call) (insights.IngestStats, error) {
	return r.Record(ctx, Batch{Calls: calls})
}

// Analyzed writes what one Engine.Analyze call returned for inputs (results[i] is
// inputs[i]'s): inputs marked NoRecord or SentimentOnly are left out, the others' texts
// are their input texts.
func (r *Recorder) Analyzed(ctx context.Context, inputs []engine.Input, results []engine.Result) (insights.IngestStats, error) {
	if len(results) != len(inputs) {
		return insights.IngestStats{}, fmt.Errorf("record: %d results for %d inputs", len(results), len(inputs))
	}
	keep := make([]engine.Result, 0, len(results))
	texts := make([]string, 0, len(results))
	for i, in := range inputs {
		if in.NoRecord || in.SentimentOnly {
			continue
		}
		keep = append(keep, results[i])
		texts = append(texts, in.Text)
	}
	if len(keep) == 0 {
		return insights.IngestStats{}, nil
	}
	return r.Results(ctx, keep, texts)
}

// ingest records the candidate terms of recs, then ingests recs in the counters.
func (r *Recorder) ingest(ctx context.Context, recs []insights.Record) (insights.IngestStats, error) {
	if len(recs) == 0 {
		return insights.IngestStats{}, nil
	}
	var hits []store.CandidateHit
	for i := range recs {
		rec := &recs[i]
		example := clip(rec.Text, 200)
		for _, m := range rec.Mentions {
			if CustomerVoice(m.Role) && m.KG == nil && m.Term != "" && rec.Industry != "" {
				hits = append(hits, store.CandidateHit{Industry: rec.Industry, Term: m.Term, Example: example, RecordID: rec.ID})
			}
		}
	}
	// Candidates count once per record id, like the counters (a replayed job, a text sent
	// again), in one transaction per batch with their markers.
	bad, err := r.st.RecordCandidates(ctx, hits)
	for _, b := range bad {
		r.log.Debug("record candidate", "err", b)
	}
	if err != nil {
		return insights.IngestStats{}, fmt.Errorf("record %d candidate terms: %w", len(hits), err)
	}
	st, err := r.ins.Ingest(ctx, recs)
	if err != nil {
		return st, fmt.Errorf("record %d results in the insights counters: %w", len(recs), err)
	}
	for _, re := range st.Errors {
		r.log.Warn("record not counted", "id", re.ID, "err", re.Err)
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
func RecordOf(res *engine.Result, text string, now time.Time) insights.Record {
	id := res.ID
	if id == "" {
		id = ContentID(text, res.Time, res.Dims)
	}
	rec := insights.Record{ID: id, Time: eventTime(res.Time, now), Dims: res.Dims, Text: text, Mentions: res.Aspects, Indicators: res.Indicators}
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

// eventTime reads a result's echoed event time (RFC 3339, else any insights.ParseTime
// form in now's zone); empty or unreadable is now.
func eventTime(s string, now time.Time) time.Time {
	if s == "" {
		return now
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	if t, err := insights.ParseTime(s, now.Location()); err == nil {
		return t
	}
	return now
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

func joinSentences(res *engine.Result) string {
	var b strings.Builder
	for _, s := range res.Sentences {
		b.WriteString(s.Text)
	}
	return b.String()
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n]) + "…"
}
