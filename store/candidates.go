package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/kg"
)

// kCandidateSeen marks that one record was counted for one candidate:
// cs/<ind>/<term>\x00<record id> → empty. It makes candidate counting idempotent on the
// record id, as the insights counters are: a job replayed after a kill, a record sent
// again or the same export uploaded twice counts once.
const kCandidateSeen = "cs/"

// CandidateHit is one unknown term met in one record (RecordCandidates).
type CandidateHit struct {
	Industry string
	Term     string
	Example  string // the record's text (clipped to 200 characters)
	RecordID string // "" counts every time (no idempotence)
}

// maxCandidateRecordID bounds the record id kept in a marker key (longer ids are cut: the
// insights counters refuse ids over 512 bytes anyway).
const maxCandidateRecordID = 512

// RecordCandidates counts unknown terms, each at most once per (industry, term, record id),
// in one transaction per call: counts and their markers commit together, so a crash never
// leaves a count without its marker, and a replay of the same records adds nothing. Terms
// the industry already knows, and bad terms or industries, are skipped (errors lists them;
// the rest are counted).
func (s *Store) RecordCandidates(ctx context.Context, hits []CandidateHit) (errs []error, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g := s.Graph()
	items := make([]candidateItem, 0, len(hits))
	for _, h := range hits {
		term := kg.NormalizeTerm(h.Term)
		if term == "" || utf8.RuneCountInString(term) > kg.MaxTermRunes || strings.ContainsAny(term, "\x00\n\r") {
			errs = append(errs, fmt.Errorf("record candidate %q: empty, too long or with control characters", h.Term))
			continue
		}
		if !kg.ValidID(h.Industry) {
			errs = append(errs, fmt.Errorf("record candidate %q: bad industry id %q", h.Term, h.Industry))
			continue
		}
		if g.KnowsTerm(h.Industry, term) {
			continue
		}
		h.Term, h.Example = term, clip(h.Example, 200)
		it := candidateItem{key: []byte(kCandidate + h.Industry + "/" + term), hit: h}
		if h.RecordID != "" {
			id := h.RecordID
			if len(id) > maxCandidateRecordID {
				id = id[:maxCandidateRecordID]
			}
			it.seen = []byte(kCandidateSeen + h.Industry + "/" + term + "\x00" + id)
		}
		items = append(items, it)
	}
	for len(items) > 0 {
		n := min(len(items), candidateChunk)
		if err := s.recordCandidates(items[:n]); err != nil {
			return errs, err
		}
		items = items[n:]
	}
	return errs, nil
}

// candidateChunk is the most hits per transaction (far under Badger's limit, 15 % of the
// 64 MB memtable, even with 3 examples of 200 characters each).
const candidateChunk = 1024

type candidateItem struct {
	key, seen []byte
	hit       CandidateHit
}

func (s *Store) recordCandidates(items []candidateItem) error {
	return s.update(func(txn *badger.Txn) error {
		now := time.Now().UTC()
		cands := map[string]*Candidate{}
		var order []string
		for _, it := range items {
			if it.seen != nil {
				_, err := txn.Get(it.seen)
				if err == nil {
					continue // this record was counted for this term already
				}
				if !errors.Is(err, badger.ErrKeyNotFound) {
					return err
				}
				if err := txn.Set(it.seen, nil); err != nil {
					return err
				}
			}
			c := cands[string(it.key)]
			if c == nil {
				c = new(Candidate)
				if err := getJSON(txn, it.key, c); err != nil {
					return err
				}
				if c.Count == 0 {
					*c = Candidate{Industry: it.hit.Industry, Term: it.hit.Term, FirstSeen: now}
				}
				cands[string(it.key)] = c
				order = append(order, string(it.key))
			}
			c.Count++
			c.LastSeen = now
			if ex := it.hit.Example; ex != "" && !slices.Contains(c.Examples, ex) {
				c.Examples = append(c.Examples, ex)
				if len(c.Examples) > maxExamples {
					c.Examples = c.Examples[len(c.Examples)-maxExamples:]
				}
			}
		}
		for _, k := range order {
			if err := setJSON(txn, []byte(k), cands[k]); err != nil {
				return err
			}
		}
		return nil
	}, fmt.Sprintf("record %d candidates", len(items)))
}
