package store

import (
	"context"
	"testing"
	"time"
)

// TestRecordCandidatesOnce: a candidate counts once per (term, record id): the same batch
// again (a job replayed after a kill), the same record in another batch, or the same
// record twice in one batch adds nothing; another record, or no id, counts; known terms and
// bad terms are skipped; the counts survive a reopen.
func TestRecordCandidatesOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir, packDir(t, readShop(t)))
	batch := []CandidateHit{
		{Industry: "shop", Term: "骑手", Example: "骑手送错地址了", RecordID: "r1"},
		{Industry: "shop", Term: "骑手", Example: "骑手态度很好", RecordID: "r2"},
		{Industry: "shop", Term: "保质期", Example: "保质期太短", RecordID: "r2"},
		{Industry: "shop", Term: "物流", Example: "物流很快", RecordID: "r3"},    // known: skipped
		{Industry: "shop", Term: "骑手", Example: "骑手送错地址了", RecordID: "r1"}, // twice in one batch
		{Industry: "../x", Term: "词", RecordID: "r4"},                      // bad industry
	}
	f := func(hits []CandidateHit, want map[string]int64, wantBad int) {
		t.Helper()
		bad, err := s.RecordCandidates(ctx, hits)
		if err != nil || len(bad) != wantBad {
			t.Fatalf("RecordCandidates: %v, %d refused (%v); want %d", err, len(bad), bad, wantBad)
		}
		cs, err := s.Candidates(ctx, "shop", 0)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, c := range cs {
			got[c.Term] = c.Count
		}
		if len(got) != len(want) {
			t.Fatalf("candidates %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("candidates %v, want %v", got, want)
			}
		}
	}
	f(batch, map[string]int64{"骑手": 2, "保质期": 1}, 1)
	f(batch, map[string]int64{"骑手": 2, "保质期": 1}, 1)                                                          // replayed
	f(batch[1:2], map[string]int64{"骑手": 2, "保质期": 1}, 0)                                                     // one record again
	f([]CandidateHit{{Industry: "shop", Term: "骑手", RecordID: "r9"}}, map[string]int64{"骑手": 3, "保质期": 1}, 0) // a new record
	f([]CandidateHit{{Industry: "shop", Term: "骑手"}}, map[string]int64{"骑手": 4, "保质期": 1}, 0)                 // no id: counts
	f([]CandidateHit{{Industry: "shop", Term: "骑手"}}, map[string]int64{"骑手": 5, "保质期": 1}, 0)
	s.Close()
	s = openStore(t, dir, "")
	defer s.Close()
	f(batch, map[string]int64{"骑手": 5, "保质期": 1}, 1) // after a reopen, still once
}

func TestParseDurability(t *testing.T) {
	f := func(in, want string, wantErr bool) {
		t.Helper()
		got, err := ParseDurability(in)
		if got != want || (err != nil) != wantErr {
			t.Errorf("ParseDurability(%q) = %q, %v; want %q, error %v", in, got, err, want, wantErr)
		}
	}
	f("", DurabilityInterval, false)
	f("sync", DurabilitySync, false)
	f("interval", DurabilityInterval, false)
	f("off", DurabilityOff, false)
	f("fsync", "", true)
	f("SYNC", "", true)
}

// TestDurabilityModesKeepWrites: in every mode a term and a candidate written before Close
// are there after a reopen (SyncNow and the background sync never lose or fail a write).
func TestDurabilityModesKeepWrites(t *testing.T) {
	ctx := context.Background()
	for _, mode := range []string{DurabilitySync, DurabilityInterval, DurabilityOff} {
		dir := t.TempDir()
		s, err := Open(ctx, Options{Dir: dir, PacksDir: packDir(t, readShop(t)), Durability: mode})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddTerm(ctx, "shop", "delivery_speed", "配送时效"); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if _, err := s.RecordCandidates(ctx, []CandidateHit{{Industry: "shop", Term: "骑手", RecordID: "r1"}}); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if err := s.SyncNow(); err != nil {
			t.Fatalf("%s: SyncNow: %v", mode, err)
		}
		time.Sleep(1100 * time.Millisecond) // one background sync (interval)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s = openStore(t, dir, "")
		if _, ok := s.Graph().MapAspect("shop", "配送时效一般", "配送时效", "一般"); !ok {
			t.Errorf("%s: the term was lost", mode)
		}
		if cs, _ := s.Candidates(ctx, "shop", 0); len(cs) != 1 || cs[0].Count != 1 {
			t.Errorf("%s: candidates %+v", mode, cs)
		}
		s.Close()
	}
}
