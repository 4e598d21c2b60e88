package insights

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Filter selects records and mentions. Zero fields select everything.
type Filter struct {
	Industry, Department, Indicator string    // ids; "" = any
	From, To                        time.Time // event time [From, To), by calendar day in Options.Location: a day counts when it starts before To and ends after From; zero = unbounded
	Dims                            Dims      // non-empty fields must match; Tags: all listed
}

// Counts are summed counters. Records counts records: all records without an indicator
// or department filter, else the records with a verdict on the indicator (a counted
// mention in the department). Totals count customer-voice mentions (a mention stored
// without a polarity counts in Mentions only).
type Counts struct {
	Records int64 `json:"records"`
	Totals
}

func (c *Counts) add(o Counts) {
	c.Records += o.Records
	c.Totals.add(o.Totals)
}

// addEntry counts one entry under f's indicator/department semantics; byRecords says
// which kind feeds Records.
func (c *Counts) addEntry(e *entry, recKind uint8) {
	switch e.Kind {
	case kindMention:
		c.Mentions += e.N
		switch e.Point {
		case ptPain:
			c.Pain += e.N
		case ptItch:
			c.Itch += e.N
		case ptPleasure:
			c.Pleasure += e.N
		}
		switch e.Pol {
		case polNegative:
			c.Negative += e.N
		case polNeutral:
			c.Neutral += e.N
		case polPositive:
			c.Positive += e.N
		}
	case recKind:
		c.Records += e.N
	}
}

// Group keys CountsBy accepts.
var byKeys = []string{"indicator", "department", "aspect", "channel", "brand", "product", "store", "region", "segment", "day", "week", "month"}

func (f *Filter) validate() error {
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return badf("empty period: from %s is not before to %s", f.From.Format(time.RFC3339), f.To.Format(time.RFC3339))
	}
	return nil
}

// dayRange returns the first and last included days as yyyymmdd ints (0 / 99999999 when
// unbounded).
func (s *Store) dayRange(f *Filter) (int, int) {
	lo, hi := 0, 99999999
	if !f.From.IsZero() {
		lo = dayInt(f.From.In(s.opt.Location))
	}
	if !f.To.IsZero() {
		hi = dayInt(f.To.In(s.opt.Location).Add(-time.Nanosecond))
	}
	return lo, hi
}

func dayInt(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

func (s *Store) dayOf(n int) time.Time {
	return time.Date(n/10000, time.Month(n/100%100), n%100, 0, 0, 0, 0, s.opt.Location)
}

// plan picks the combinations to read for f (grouped by dimension byDim when ≥ 0): an
// industry-total or one-dimension rollup when it answers the question, else the full
// combinations that match.
func (s *Store) plan(f *Filter, byDim int) []uint32 {
	var mask uint8
	for i := 0; i < numDims; i++ {
		if dimValue(&f.Dims, i) != "" {
			mask |= 1 << i
		}
	}
	need := mask
	if byDim >= 0 {
		need |= 1 << byDim
	}
	tags := normTags(f.Dims.Tags)
	rollup := len(tags) == 0 && bits.OnesCount8(need) <= 1
	s.mu.RLock()
	defer s.mu.RUnlock()
	var inds []string
	if f.Industry != "" {
		inds = []string{f.Industry}
	} else {
		for k := range s.byInd {
			inds = append(inds, k)
		}
	}
	var out []uint32
	for _, in := range inds {
		for _, id := range s.byInd[in] {
			c := s.combos[id]
			if rollup {
				if c.Full || c.Mask != need {
					continue
				}
			} else if !c.Full {
				continue
			}
			if !matchDims(&c.Dims, &f.Dims, tags) {
				continue
			}
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func matchDims(have, want *Dims, tags []string) bool {
	for i := 0; i < numDims; i++ {
		if w := dimValue(want, i); w != "" && dimValue(have, i) != w {
			return false
		}
	}
	for _, t := range tags {
		found := false
		for _, h := range have.Tags {
			if h == t {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// scan visits the entries of combinations ids on the days of f that pass f's indicator
// and department filters. fn gets the combination id and the day (yyyymmdd).
func (s *Store) scan(ctx context.Context, f *Filter, ids []uint32, fn func(id uint32, day int, e *entry)) error {
	lo, hi := s.dayRange(f)
	if lo > hi {
		return nil
	}
	intern := interner{}
	var table [][]byte
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kCounter), PrefetchValues: false})
		defer it.Close()
		for n, id := range ids {
			if n%64 == 63 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			c := s.combo(id, nil)
			pre := counterKey(id, "")
			from, to := strconv.Itoa(lo), strconv.Itoa(hi)
			if c.Full { // week buckets: start at the week holding lo
				if lo > 0 {
					w, _ := weekBucket(s.dayOf(lo))
					from = strconv.Itoa(int(w))
				}
			}
			if lo == 0 {
				from = ""
			}
			for it.Seek(counterKey(id, from)); it.ValidForPrefix(pre); it.Next() {
				bucket := string(it.Item().Key()[len(pre):])
				if bucket > to {
					break
				}
				base, err := strconv.Atoi(bucket)
				if err != nil {
					return fmt.Errorf("bad counter key %x", it.Item().Key())
				}
				var week [7]int
				if c.Full {
					ws := s.dayOf(base)
					for k := range week {
						week[k] = dayInt(ws.AddDate(0, 0, k))
					}
				}
				err = it.Item().Value(func(v []byte) error {
					return decodeBlobBuf(v, &table, intern.get, func(e *entry) {
						day := base
						if c.Full {
							if e.Day > 6 {
								return
							}
							day = week[e.Day]
						}
						if day < lo || day > hi {
							return
						}
						if f.Indicator != "" && (e.Kind == kindMention || e.Kind == kindIndRecord) && e.Ind != f.Indicator {
							return
						}
						if f.Department != "" && e.Kind != kindRecord && e.Dept != f.Department {
							return
						}
						fn(id, day, e)
					})
				})
				if err != nil {
					return fmt.Errorf("counter %x: %w", it.Item().Key(), err)
				}
			}
		}
		return nil
	})
}

// recordKind is the entry kind that feeds Counts.Records under f.
func recordKind(f *Filter) uint8 {
	switch {
	case f.Indicator != "":
		return kindIndRecord
	case f.Department != "":
		return kindDeptRecord
	}
	return kindRecord
}

// Counts sums the counters that f selects.
func (s *Store) Counts(ctx context.Context, f Filter) (Counts, error) {
	var c Counts
	if err := f.validate(); err != nil {
		return c, fmt.Errorf("insights counts: %w", err)
	}
	rk := recordKind(&f)
	err := s.scan(ctx, &f, s.plan(&f, -1), func(_ uint32, _ int, e *entry) { c.addEntry(e, rk) })
	if err != nil {
		return Counts{}, fmt.Errorf("insights counts: %w", err)
	}
	return c, nil
}

// CountsBy sums the counters that f selects, grouped by one of: indicator, department,
// aspect (Records stays 0: records are not counted per aspect), channel, brand, product,
// store, region, segment ("" groups records without the dimension), day (2006-01-02),
// week (the Monday, 2006-01-02) or month (2006-01).
func (s *Store) CountsBy(ctx context.Context, f Filter, by string) (map[string]Counts, error) {
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("insights counts by %s: %w", by, err)
	}
	known := false
	for _, k := range byKeys {
		known = known || k == by
	}
	if !known {
		return nil, badf("insights counts by %q: not one of %v", by, byKeys)
	}
	out := map[string]Counts{}
	rk := recordKind(&f)
	dim := dimIndex(by)
	var fn func(id uint32, day int, e *entry)
	switch by {
	case "indicator":
		fn = func(_ uint32, _ int, e *entry) {
			if e.Kind == kindMention || e.Kind == kindIndRecord {
				c := out[e.Ind]
				c.addEntry(e, kindIndRecord)
				out[e.Ind] = c
			}
		}
	case "department":
		dk := kindDeptRecord
		if f.Indicator != "" { // records with a verdict on the indicator, by its department
			dk = kindIndRecord
		}
		fn = func(_ uint32, _ int, e *entry) {
			if e.Kind == kindMention || e.Kind == dk {
				c := out[e.Dept]
				c.addEntry(e, dk)
				out[e.Dept] = c
			}
		}
	case "aspect":
		fn = func(_ uint32, _ int, e *entry) {
			if e.Kind == kindMention {
				c := out[e.Asp]
				c.addEntry(e, 255)
				out[e.Asp] = c
			}
		}
	case "day", "week", "month":
		keyOf := s.periodKeyer(by)
		fn = func(_ uint32, day int, e *entry) {
			k := keyOf(day)
			c := out[k]
			c.addEntry(e, rk)
			out[k] = c
		}
	default:
		fn = func(id uint32, _ int, e *entry) {
			cc := s.combo(id, nil)
			k := dimValue(&cc.Dims, dim)
			c := out[k]
			c.addEntry(e, rk)
			out[k] = c
		}
	}
	if err := s.scan(ctx, &f, s.plan(&f, dim), fn); err != nil {
		return nil, fmt.Errorf("insights counts by %s: %w", by, err)
	}
	return out, nil
}

// periodKeyer maps a yyyymmdd day to its day/week/month key, caching per day.
func (s *Store) periodKeyer(by string) func(int) string {
	cache := map[int]string{}
	return func(day int) string {
		if k, ok := cache[day]; ok {
			return k
		}
		k := periodKey(s.dayOf(day), by)
		cache[day] = k
		return k
	}
}

// periodKey is the group key of t: day 2006-01-02, week = its Monday 2006-01-02, month
// 2006-01.
func periodKey(t time.Time, by string) string {
	switch by {
	case "week":
		return weekStart(t).Format("2006-01-02")
	case "month":
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}

func weekStart(t time.Time) time.Time {
	d := dayStart(t)
	wd := (int(d.Weekday()) + 6) % 7 // Monday 0
	return d.AddDate(0, 0, -wd)
}

// Evidence is one on-topic customer-voice mention with its record.
type Evidence struct {
	RecordID   string    `json:"record_id"`
	Time       time.Time `json:"time"`
	Industry   string    `json:"industry"`
	Indicator  string    `json:"indicator"`
	Department string    `json:"department,omitempty"`
	Aspect     string    `json:"aspect,omitempty"`
	Point      string    `json:"point,omitempty"`
	Polarity   string    `json:"polarity"`
	Term       string    `json:"term,omitempty"`
	Opinion    string    `json:"opinion,omitempty"`
	Confidence float64   `json:"confidence,omitempty"`
	Text       string    `json:"text"`  // the sentence around the mention (clipped)
	Start      int       `json:"start"` // the term's span in Text, code points
	End        int       `json:"end"`
	Dims       Dims      `json:"dims"`
}

// industries are the industries a filter reads: its own, or every industry seen, sorted.
func (s *Store) industries(f *Filter) []string {
	if f.Industry != "" {
		return []string{f.Industry}
	}
	s.mu.RLock()
	inds := make([]string, 0, len(s.byInd))
	for k := range s.byInd {
		inds = append(inds, k)
	}
	s.mu.RUnlock()
	sort.Strings(inds)
	return inds
}

// Evidence returns up to n (default 5) on-topic mentions: customer voice, matching f
// (indicator, department, dims, period) and point, which is a point kind (pain|itch|
// pleasure), a polarity (negative|neutral|positive) or "" (any). Newest first; at the
// same time, more confident first; one mention per record.
func (s *Store) Evidence(ctx context.Context, f Filter, point string, n int) ([]Evidence, error) {
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("insights evidence: %w", err)
	}
	if n <= 0 {
		n = 5
	}
	inds := s.industries(&f)
	var out []Evidence
	for _, in := range inds {
		ev, err := s.evidence(ctx, in, &f, point, n)
		if err != nil {
			return nil, fmt.Errorf("insights evidence %s: %w", in, err)
		}
		out = append(out, ev...)
	}
	sortEvidence(out)
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

func sortEvidence(ev []Evidence) {
	sort.SliceStable(ev, func(i, j int) bool {
		if !ev[i].Time.Equal(ev[j].Time) {
			return ev[i].Time.After(ev[j].Time)
		}
		if ev[i].Confidence != ev[j].Confidence {
			return ev[i].Confidence > ev[j].Confidence
		}
		return ev[i].RecordID < ev[j].RecordID
	})
}

func (s *Store) evidence(ctx context.Context, industry string, f *Filter, point string, n int) ([]Evidence, error) {
	lo, hi := s.dayRange(f)
	tags := normTags(f.Dims.Tags)
	pre := []byte(kIndex + industry + "/")
	var out []Evidence
	intern := interner{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pre, Reverse: true, PrefetchValues: false})
		defer it.Close()
		seek := append(append([]byte{}, pre...), strconv.Itoa(hi)...)
		seek = append(seek, '/', 0xff, 0xff, 0xff, 0xff, 0xff)
		if hi == 99999999 {
			seek = append(append([]byte{}, pre...), 0xff)
		}
		curDay := -1
		var rec storedRecord
		for it.Seek(seek); it.ValidForPrefix(pre); it.Next() {
			k := it.Item().Key()[len(pre):]
			if len(k) < 13 || k[8] != '/' {
				continue
			}
			day, err := strconv.Atoi(string(k[:8]))
			if err != nil {
				continue
			}
			if day < lo {
				break
			}
			if day != curDay {
				if len(out) >= n {
					break // the day before is complete
				}
				curDay = day
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			id := binary.BigEndian.Uint32(k[9:13])
			c := s.combo(id, nil)
			if c == nil || !matchDims(&c.Dims, &f.Dims, tags) {
				continue
			}
			if f.Indicator != "" {
				var hit bool
				err := it.Item().Value(func(v []byte) error {
					_, _, vs, err := parseDriverRow(v, intern)
					for _, x := range vs {
						hit = hit || x.ind == f.Indicator
					}
					return err
				})
				if err != nil || !hit {
					continue
				}
			}
			rid := string(k[13:])
			item, err := txn.Get(append([]byte(kRecord), rid...))
			if err != nil {
				return fmt.Errorf("record %q: %w", rid, err)
			}
			rec = storedRecord{}
			if err := item.Value(func(v []byte) error { return decodeRecord(v, &rec, intern) }); err != nil {
				return fmt.Errorf("record %q: %w", rid, err)
			}
			best := -1
			for i, m := range rec.Mentions {
				if f.Indicator != "" && m.Ind != f.Indicator || f.Department != "" && m.Dept != f.Department {
					continue
				}
				if point != "" && m.Point != point && m.Pol != point {
					continue
				}
				if best < 0 || m.Conf > rec.Mentions[best].Conf {
					best = i
				}
			}
			if best < 0 {
				continue
			}
			m := rec.Mentions[best]
			if m.Text == "" {
				m.Text, m.Start, m.End = snippet([]rune(rec.Text), m.Start, m.End, 120)
			}
			out = append(out, Evidence{RecordID: rid, Time: time.UnixMilli(rec.Time).In(s.opt.Location), Industry: industry,
				Indicator: m.Ind, Department: m.Dept, Aspect: m.Asp, Point: m.Point, Polarity: m.Pol, Term: m.Term, Opinion: m.Opinion,
				Confidence: m.Conf, Text: m.Text, Start: m.Start, End: m.End, Dims: c.Dims})
		}
		return nil
	})
	sortEvidence(out)
	if len(out) > n {
		out = out[:n]
	}
	return out, err
}
