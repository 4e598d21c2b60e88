package kg

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// The day counters are retired: the customer-voice counters, keyed by event time and
// dimensions and idempotent on the record id, live in package insights (which migrates
// these keys once at Open). Record stays until the engine stops writing here; nothing in
// kg reads them any more.

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
