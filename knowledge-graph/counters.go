package kg

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// MentionCount is one (or Count) aspect mentions to add to the day's counters.
type MentionCount struct {
	Industry    string `json:"industry"`
	IndicatorID string `json:"indicator"`
	AspectID    string `json:"aspect"`
	Point       string `json:"point,omitempty"` // pain | itch | pleasure | "" (none)
	Polarity    string `json:"polarity"`        // negative | neutral | positive
	Count       int    `json:"count,omitempty"` // 0 counts as 1
	Example     string `json:"example,omitempty"`
}

// Totals are summed counters.
type Totals struct {
	Mentions int64 `json:"mentions"`
	Pain     int64 `json:"pain"`
	Itch     int64 `json:"itch"`
	Pleasure int64 `json:"pleasure"`
	Positive int64 `json:"positive"`
	Negative int64 `json:"negative"`
	Neutral  int64 `json:"neutral"`
}

// Net is (positive − negative) / mentions, 0 without mentions.
func (t Totals) Net() float64 {
	if t.Mentions == 0 {
		return 0
	}
	return round3(float64(t.Positive-t.Negative) / float64(t.Mentions))
}

// PointCount returns the count of one point kind.
func (t Totals) PointCount(point string) int64 {
	switch point {
	case PointPain:
		return t.Pain
	case PointItch:
		return t.Itch
	case PointPleasure:
		return t.Pleasure
	}
	return 0
}

func (t *Totals) add(point, polarity string, n int64) {
	t.Mentions += n
	switch point {
	case PointPain:
		t.Pain += n
	case PointItch:
		t.Itch += n
	case PointPleasure:
		t.Pleasure += n
	}
	switch polarity {
	case "positive":
		t.Positive += n
	case "negative":
		t.Negative += n
	case "neutral":
		t.Neutral += n
	}
}

func (t *Totals) plus(o Totals) {
	t.Mentions += o.Mentions
	t.Pain += o.Pain
	t.Itch += o.Itch
	t.Pleasure += o.Pleasure
	t.Positive += o.Positive
	t.Negative += o.Negative
	t.Neutral += o.Neutral
}

const dayFormat = "20060102"

// dayKey is the calendar date of t as read in t's own location.
func dayKey(t time.Time) string { return t.Format(dayFormat) }

const maxEvidencePerKey = 5

// Record adds mention counts for one day: counters per (industry, indicator, aspect,
// point, polarity, day), plus up to 5 recent example texts per (indicator, point, day) as
// task evidence. One Badger transaction per call (split only if Badger says it is too big);
// conflicting concurrent calls are retried.
func (s *Store) Record(ctx context.Context, day time.Time, ms []MentionCount) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d := dayKey(day)
	counts := map[string]uint64{}
	evidence := map[string][]string{}
	for i, m := range ms {
		if !idRe.MatchString(m.Industry) || !idRe.MatchString(m.IndicatorID) || !idRe.MatchString(m.AspectID) {
			return fmt.Errorf("kg record: mention %d: bad industry/indicator/aspect id (%q, %q, %q)", i, m.Industry, m.IndicatorID, m.AspectID)
		}
		point := m.Point
		if point == "" {
			point = "none"
		} else if !contains(validPoints, point) {
			return fmt.Errorf("kg record: mention %d: unknown point %q", i, m.Point)
		}
		pol := normPolarity(m.Polarity)
		if pol == "" {
			return fmt.Errorf("kg record: mention %d: unknown polarity %q", i, m.Polarity)
		}
		if m.Count < 0 {
			return fmt.Errorf("kg record: mention %d: negative count", i)
		}
		n := uint64(m.Count)
		if n == 0 {
			n = 1
		}
		counts[kCount+m.Industry+"/"+d+"/"+m.IndicatorID+"/"+m.AspectID+"/"+point+"/"+pol] += n
		if ex := clip(m.Example, 300); ex != "" && point != "none" {
			k := kEvidence + m.Industry + "/" + d + "/" + m.IndicatorID + "/" + point
			if !contains(evidence[k], ex) {
				evidence[k] = append(evidence[k], ex)
			}
		}
	}
	keys := make([]string, 0, len(counts)+len(evidence))
	for k := range counts {
		keys = append(keys, k)
	}
	for k := range evidence {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return s.recordKeys(keys, counts, evidence)
}

func (s *Store) recordKeys(keys []string, counts map[string]uint64, evidence map[string][]string) error {
	if len(keys) == 0 {
		return nil
	}
	err := s.update(func(txn *badger.Txn) error {
		for _, k := range keys {
			key := []byte(k)
			if n, ok := counts[k]; ok {
				old, err := getUint(txn, key)
				if err != nil {
					return err
				}
				var b [8]byte
				binary.BigEndian.PutUint64(b[:], old+n)
				if err := txn.Set(key, b[:]); err != nil {
					return err
				}
				continue
			}
			var ex []string
			if err := getJSON(txn, key, &ex); err != nil {
				return err
			}
			for _, e := range evidence[k] {
				if !contains(ex, e) {
					ex = append(ex, e)
				}
			}
			if len(ex) > maxEvidencePerKey {
				ex = ex[len(ex)-maxEvidencePerKey:]
			}
			if err := setJSON(txn, key, ex); err != nil {
				return err
			}
		}
		return nil
	}, "record")
	if errors.Is(err, badger.ErrTxnTooBig) && len(keys) > 1 {
		h := len(keys) / 2
		if err := s.recordKeys(keys[:h], counts, evidence); err != nil {
			return err
		}
		return s.recordKeys(keys[h:], counts, evidence)
	}
	return err
}

// countRow is one stored counter.
type countRow struct {
	Day, Indicator, Aspect, Point, Polarity string
	N                                       int64
}

// scanCounts visits the counters of an industry for days in [from, to] (calendar days,
// inclusive).
func (s *Store) scanCounts(ctx context.Context, industry string, from, to time.Time, fn func(r countRow)) error {
	if !idRe.MatchString(industry) {
		return fmt.Errorf("unknown industry %q", industry)
	}
	f, t := dayKey(from), dayKey(to)
	if f > t {
		return fmt.Errorf("empty range %s..%s", f, t)
	}
	prefix := kCount + industry + "/"
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		n := 0
		for it.Seek([]byte(prefix + f)); it.Valid(); it.Next() {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			parts := strings.Split(strings.TrimPrefix(string(it.Item().Key()), prefix), "/")
			if len(parts) != 5 {
				continue
			}
			if parts[0] > t {
				break
			}
			var v uint64
			if err := it.Item().Value(func(b []byte) error {
				if len(b) == 8 {
					v = binary.BigEndian.Uint64(b)
				}
				return nil
			}); err != nil {
				return err
			}
			fn(countRow{Day: parts[0], Indicator: parts[1], Aspect: parts[2], Point: parts[3], Polarity: parts[4], N: int64(v)})
		}
		return nil
	})
}

// PainStat is one aspect's pain count in a period.
type PainStat struct {
	IndicatorID  string  `json:"indicator_id"`
	Indicator    string  `json:"indicator"`
	AspectID     string  `json:"aspect_id"`
	Aspect       string  `json:"aspect"`
	DepartmentID string  `json:"department_id"`
	Department   string  `json:"department"`
	Pain         int64   `json:"pain"`
	Mentions     int64   `json:"mentions"`
	Share        float64 `json:"share"` // pain / mentions of this aspect
}

// TopPains returns the n aspects with the most pain mentions in [from, to] (calendar
// days, inclusive) whose indicator belongs to department (id or Chinese name; "" = all).
func (s *Store) TopPains(ctx context.Context, industry, department string, from, to time.Time, n int) ([]PainStat, error) {
	g := s.Graph()
	in := g.industry(industry)
	if in == nil {
		return nil, fmt.Errorf("kg top pains: unknown industry %q", industry)
	}
	type key struct{ ind, asp string }
	agg := map[key]*Totals{}
	err := s.scanCounts(ctx, in.pack.ID, from, to, func(r countRow) {
		k := key{r.Indicator, r.Aspect}
		t := agg[k]
		if t == nil {
			t = &Totals{}
			agg[k] = t
		}
		t.add(r.Point, r.Polarity, r.N)
	})
	if err != nil {
		return nil, fmt.Errorf("kg top pains %s: %w", industry, err)
	}
	var out []PainStat
	for k, t := range agg {
		if t.Pain == 0 {
			continue
		}
		ps := PainStat{IndicatorID: k.ind, AspectID: k.asp, Pain: t.Pain, Mentions: t.Mentions, Share: round3(float64(t.Pain) / float64(t.Mentions))}
		if x, ok := in.inds[k.ind]; ok {
			ps.Indicator = x.Name
			if d, ok := in.depts[x.Department]; ok {
				ps.DepartmentID, ps.Department = d.ID, d.Name
			}
		}
		if ai, ok := in.asps[k.asp]; ok {
			ps.Aspect = in.pack.Aspects[ai].Name
		}
		if department != "" && department != ps.DepartmentID && department != ps.Department {
			continue
		}
		out = append(out, ps)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pain != out[j].Pain {
			return out[i].Pain > out[j].Pain
		}
		if out[i].IndicatorID != out[j].IndicatorID {
			return out[i].IndicatorID < out[j].IndicatorID
		}
		return out[i].AspectID < out[j].AspectID
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// TrendPoint is one day of an indicator's counters.
type TrendPoint struct {
	Day time.Time `json:"day"`
	Totals
	Net float64 `json:"net"`
}

// maxTrendDays bounds a trend query.
const maxTrendDays = 3660

// Trend returns one point per calendar day in [from, to] (days without mentions are zero)
// for an indicator and all indicators below it in the hierarchy.
func (s *Store) Trend(ctx context.Context, industry, indicatorID string, from, to time.Time) ([]TrendPoint, error) {
	g := s.Graph()
	in := g.industry(industry)
	if in == nil {
		return nil, fmt.Errorf("kg trend: unknown industry %q", industry)
	}
	ids := g.Descendants(in.pack.ID, indicatorID)
	if ids == nil {
		ids = []string{indicatorID} // removed from the pack, counters may remain
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, from.Location())
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, from.Location())
	days := int(math.Round(end.Sub(start).Hours()/24)) + 1
	if days < 1 || days > maxTrendDays {
		return nil, fmt.Errorf("kg trend: range of %d days (1..%d)", days, maxTrendDays)
	}
	out := make([]TrendPoint, days)
	idx := map[string]int{}
	for i := range out {
		d := start.AddDate(0, 0, i)
		out[i].Day = d
		idx[dayKey(d)] = i
	}
	err := s.scanCounts(ctx, in.pack.ID, start, end, func(r countRow) {
		if !want[r.Indicator] {
			return
		}
		if i, ok := idx[r.Day]; ok {
			out[i].add(r.Point, r.Polarity, r.N)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("kg trend %s/%s: %w", industry, indicatorID, err)
	}
	for i := range out {
		out[i].Net = out[i].Totals.Net()
	}
	return out, nil
}

// IndicatorTotals are one indicator's counters over a period.
type IndicatorTotals struct {
	IndicatorID string `json:"indicator_id"`
	Indicator   string `json:"indicator"`
	Totals
	Net float64 `json:"net"` // (positive − negative) / mentions
}

func (s *Store) indicatorTotals(ctx context.Context, in *industry, from, to time.Time) (map[string]*Totals, error) {
	agg := map[string]*Totals{}
	err := s.scanCounts(ctx, in.pack.ID, from, to, func(r countRow) {
		t := agg[r.Indicator]
		if t == nil {
			t = &Totals{}
			agg[r.Indicator] = t
		}
		t.add(r.Point, r.Polarity, r.N)
	})
	return agg, err
}

// NetSentiment returns (positive − negative) / mentions per indicator with mentions in
// [from, to], worst first.
func (s *Store) NetSentiment(ctx context.Context, industry string, from, to time.Time) ([]IndicatorTotals, error) {
	in := s.Graph().industry(industry)
	if in == nil {
		return nil, fmt.Errorf("kg net sentiment: unknown industry %q", industry)
	}
	agg, err := s.indicatorTotals(ctx, in, from, to)
	if err != nil {
		return nil, fmt.Errorf("kg net sentiment %s: %w", industry, err)
	}
	out := make([]IndicatorTotals, 0, len(agg))
	for id, t := range agg {
		it := IndicatorTotals{IndicatorID: id, Totals: *t, Net: t.Net()}
		if x, ok := in.inds[id]; ok {
			it.Indicator = x.Name
		}
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Net != out[j].Net {
			return out[i].Net < out[j].Net
		}
		return out[i].IndicatorID < out[j].IndicatorID
	})
	return out, nil
}

// PeriodDelta compares one indicator between period A and period B.
type PeriodDelta struct {
	IndicatorID    string  `json:"indicator_id"`
	Indicator      string  `json:"indicator"`
	A              Totals  `json:"a"`
	B              Totals  `json:"b"`
	NetA           float64 `json:"net_a"`
	NetB           float64 `json:"net_b"`
	NetChange      float64 `json:"net_change"`      // NetB − NetA
	PainShareA     float64 `json:"pain_share_a"`    // pain / mentions
	PainShareB     float64 `json:"pain_share_b"`    //
	MentionsChange float64 `json:"mentions_change"` // (B − A) / A; 0 when A has none
}

// ComparePeriods compares every indicator between [a0, a1] and [b0, b1] (calendar days,
// inclusive), largest drop in net sentiment first.
func (s *Store) ComparePeriods(ctx context.Context, industry string, a0, a1, b0, b1 time.Time) ([]PeriodDelta, error) {
	in := s.Graph().industry(industry)
	if in == nil {
		return nil, fmt.Errorf("kg compare periods: unknown industry %q", industry)
	}
	ta, err := s.indicatorTotals(ctx, in, a0, a1)
	if err != nil {
		return nil, fmt.Errorf("kg compare periods %s (A): %w", industry, err)
	}
	tb, err := s.indicatorTotals(ctx, in, b0, b1)
	if err != nil {
		return nil, fmt.Errorf("kg compare periods %s (B): %w", industry, err)
	}
	ids := map[string]bool{}
	for id := range ta {
		ids[id] = true
	}
	for id := range tb {
		ids[id] = true
	}
	share := func(t Totals) float64 {
		if t.Mentions == 0 {
			return 0
		}
		return round3(float64(t.Pain) / float64(t.Mentions))
	}
	out := make([]PeriodDelta, 0, len(ids))
	for id := range ids {
		var a, b Totals
		if t := ta[id]; t != nil {
			a = *t
		}
		if t := tb[id]; t != nil {
			b = *t
		}
		d := PeriodDelta{IndicatorID: id, A: a, B: b, NetA: a.Net(), NetB: b.Net(), PainShareA: share(a), PainShareB: share(b)}
		d.NetChange = round3(d.NetB - d.NetA)
		if a.Mentions > 0 {
			d.MentionsChange = round3(float64(b.Mentions-a.Mentions) / float64(a.Mentions))
		}
		if x, ok := in.inds[id]; ok {
			d.Indicator = x.Name
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].NetChange != out[j].NetChange {
			return out[i].NetChange < out[j].NetChange
		}
		return out[i].IndicatorID < out[j].IndicatorID
	})
	return out, nil
}
