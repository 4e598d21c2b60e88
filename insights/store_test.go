package insights

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/store"
)

var cst = time.FixedZone("CST", 8*3600)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

// direct counts the fixture the slow way, for comparison with the store.
func direct(recs []Record, f Filter) Counts {
	var c Counts
	lo, hi := dayInt(f.From.In(cst)), dayInt(f.To.In(cst).Add(-time.Nanosecond))
	if f.From.IsZero() {
		lo = 0
	}
	if f.To.IsZero() {
		hi = 99999999
	}
	for _, r := range recs {
		d := dayInt(r.Time.In(cst))
		if d < lo || d > hi || f.Industry != "" && r.Industry != f.Industry || !matchDims(&r.Dims, &f.Dims, normTags(f.Dims.Tags)) {
			continue
		}
		hit := false
		for _, m := range r.Mentions {
			if !Customer(m.Role) || m.KG == nil || m.KG.IDs["indicator"] == "" {
				continue
			}
			if f.Indicator != "" && m.KG.IDs["indicator"] != f.Indicator || f.Department != "" && m.KG.IDs["department"] != f.Department {
				continue
			}
			hit = true
			c.Mentions++
			switch m.Point {
			case "pain":
				c.Pain++
			case "itch":
				c.Itch++
			case "pleasure":
				c.Pleasure++
			}
			switch m.Polarity {
			case "negative":
				c.Negative++
			case "positive":
				c.Positive++
			case "neutral":
				c.Neutral++
			}
		}
		if f.Indicator == "" && f.Department == "" || hit {
			c.Records++
		}
	}
	return c
}

func TestCountsMatchDirectCount(t *testing.T) {
	recs := loadFixture(t)
	recs[3].Dims.Tags = []string{"大促", "投诉"}
	recs[7].Dims.Tags = []string{"大促"}
	s, _ := openTestStore(t, Options{})
	ctx := context.Background()
	st, err := s.Ingest(ctx, recs)
	if err != nil || st.New != len(recs) || len(st.Errors) != 0 {
		t.Fatalf("ingest: %+v %v", st, err)
	}
	f := func(name string, fl Filter) {
		t.Helper()
		got, err := s.Counts(ctx, fl)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := direct(recs, fl)
		if got != want {
			t.Errorf("%s: got %+v, want %+v", name, got, want)
		}
		if want.Records == 0 {
			t.Errorf("%s: the case selects nothing; make it select something", name)
		}
	}
	f("all", Filter{Industry: "ecommerce"})
	f("any industry", Filter{})
	f("november", Filter{Industry: "ecommerce", From: day("2026-11-01"), To: day("2026-12-01")})
	f("mid-day bounds", Filter{Industry: "ecommerce", From: day("2026-10-10").Add(5 * time.Hour), To: day("2026-10-20").Add(time.Hour)})
	f("indicator", Filter{Industry: "ecommerce", Indicator: "product_quality"})
	f("department", Filter{Industry: "ecommerce", Department: "logistics"})
	f("one dim (rollup)", Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东"}})
	f("two dims (full)", Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东", Brand: "本品牌"}, From: day("2026-10-15"), To: day("2026-11-15")})
	f("three dims + indicator", Filter{Industry: "ecommerce", Indicator: "product_quality", Dims: Dims{Channel: "天猫", Brand: "竞品A", Segment: "老客"}})
	f("tag", Filter{Industry: "ecommerce", Dims: Dims{Tags: []string{"大促"}}})

	// CountsBy day and channel agree with Counts per key.
	by, err := s.CountsBy(ctx, Filter{Industry: "ecommerce", Department: "logistics", Dims: Dims{Brand: "本品牌"}}, "day")
	if err != nil || len(by) < 10 {
		t.Fatalf("by day: %d %v", len(by), err)
	}
	for k, c := range by {
		d, _ := time.ParseInLocation("2006-01-02", k, cst)
		if want := direct(recs, Filter{Industry: "ecommerce", Department: "logistics", Dims: Dims{Brand: "本品牌"}, From: d, To: d.AddDate(0, 0, 1)}); c != want {
			t.Errorf("day %s: %+v, want %+v", k, c, want)
		}
	}
	byCh, err := s.CountsBy(ctx, Filter{Industry: "ecommerce"}, "channel")
	if err != nil || len(byCh) != len(synthChannels) {
		t.Fatalf("by channel: %v %v", byCh, err)
	}
	for _, ch := range synthChannels {
		if want := direct(recs, Filter{Industry: "ecommerce", Dims: Dims{Channel: ch}}); byCh[ch] != want {
			t.Errorf("channel %s: %+v, want %+v", ch, byCh[ch], want)
		}
	}
	byInd, err := s.CountsBy(ctx, Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东", Store: "北京朝阳店"}}, "indicator")
	if err != nil {
		t.Fatal(err)
	}
	if want := direct(recs, Filter{Industry: "ecommerce", Indicator: "product_quality", Dims: Dims{Channel: "京东", Store: "北京朝阳店"}}); byInd["product_quality"] != want {
		t.Errorf("by indicator: %+v, want %+v", byInd["product_quality"], want)
	}
	byDept, err := s.CountsBy(ctx, Filter{Industry: "ecommerce", Indicator: "product_quality"}, "department")
	if err != nil || len(byDept) != 1 {
		t.Fatalf("by department of one indicator: %v %v", byDept, err)
	}
	for d, c := range byDept {
		if want := direct(recs, Filter{Industry: "ecommerce", Indicator: "product_quality", Department: d}); c != want {
			t.Errorf("by department %s: %+v, want %+v", d, c, want)
		}
	}
	if _, err := s.CountsBy(ctx, Filter{}, "colour"); err == nil {
		t.Error("unknown group key accepted")
	}
	if _, err := s.Counts(ctx, Filter{From: day("2026-11-02"), To: day("2026-11-01")}); err == nil {
		t.Error("reversed period accepted")
	}
}

func TestIngestIdempotent(t *testing.T) {
	recs := loadFixture(t)
	s, db := openTestStore(t, Options{})
	ctx := context.Background()
	if _, err := s.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	all := Filter{Industry: "ecommerce"}
	before, _ := s.Counts(ctx, all)
	st, err := s.Ingest(ctx, recs)
	if err != nil || st.Unchanged != len(recs) || st.New != 0 || st.Replaced != 0 {
		t.Fatalf("again: %+v %v", st, err)
	}
	if after, _ := s.Counts(ctx, all); after != before {
		t.Fatalf("counted twice: %+v → %+v", before, after)
	}
	// The same id with a new time, channel and text replaces the old contribution.
	changed := append([]Record(nil), recs...)
	r := changed[10]
	r.Time = day("2026-11-30").Add(9 * time.Hour)
	r.Dims.Channel = "app"
	r.Mentions = r.Mentions[:len(r.Mentions)/2]
	changed[10] = r
	st, err = s.Ingest(ctx, []Record{r, r}) // twice in one call too
	if err != nil || st.Replaced != 2 || st.New != 0 {
		t.Fatalf("replace: %+v %v", st, err)
	}
	for _, fl := range []Filter{all, {Industry: "ecommerce", Dims: Dims{Channel: "app"}}, {Industry: "ecommerce", From: day("2026-11-30"), To: day("2026-12-01")},
		{Industry: "ecommerce", Dims: Dims{Channel: "app", Brand: recs[10].Dims.Brand}}} {
		got, _ := s.Counts(ctx, fl)
		if want := direct(changed, fl); got != want {
			t.Errorf("after replace %+v: %+v, want %+v", fl, got, want)
		}
	}
	// Reopened over the same Badger: same counts, the combination dictionary reloads.
	s2, err := Open(db, Options{Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mustCounts(t, s2, Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东", Brand: "竞品B"}}), direct(changed, Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东", Brand: "竞品B"}}); got != want {
		t.Errorf("reopened: %+v, want %+v", got, want)
	}
	if st, _ := s2.Ingest(ctx, changed); st.Unchanged != len(changed) {
		t.Errorf("reopened store re-ingest: %+v", st)
	}
}

func mustCounts(t *testing.T, s *Store, f Filter) Counts {
	t.Helper()
	c, err := s.Counts(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOnlyCustomerVoiceCounts(t *testing.T) {
	s, _ := openTestStore(t, Options{})
	ctx := context.Background()
	g := openGraph(t)
	// A real 价保 exchange: the agent's turn maps to the graph, the customer's does not.
	text := "客户：我昨天买的手机今天降价了。客服：您好，已经为您申请价保，差价会退回到您的账户，请放心。"
	ms := mapReview(g, "ecommerce", text)
	if len(ms) == 0 {
		t.Fatal("the graph maps nothing in the test text")
	}
	for i := range ms {
		ms[i].Role = "agent"
	}
	st, err := s.Ingest(ctx, []Record{{ID: "chat-1", Time: day("2026-11-03"), Industry: "ecommerce", Dims: Dims{Channel: "在线客服"}, Sentiment: "neutral", Text: text, Mentions: ms,
		Indicators: []mention.Indicator{{ID: ms[0].KG.IDs["indicator"], Polarity: "negative", Point: "pain", Mentions: []int{0}}}}})
	if err != nil || st.Mentions != 0 || st.New != 1 {
		t.Fatalf("ingest: %+v %v", st, err)
	}
	c := mustCounts(t, s, Filter{Industry: "ecommerce"})
	if c.Records != 1 || c.Mentions != 0 || c.Pain != 0 {
		t.Errorf("agent voice counted: %+v", c)
	}
	by, _ := s.CountsBy(ctx, Filter{Industry: "ecommerce"}, "indicator")
	if len(by) != 0 {
		t.Errorf("agent verdict counted: %+v", by)
	}
}

func TestIngestBadRecords(t *testing.T) {
	s, _ := openTestStore(t, Options{})
	recs := loadFixture(t)[:3]
	recs[1].ID = ""
	recs[2].Time = time.Time{}
	st, err := s.Ingest(context.Background(), append(recs, Record{ID: "x", Time: day("2026-11-01"), Text: "没有行业"}))
	if err != nil || st.New != 1 || len(st.Errors) != 2 || st.NoIndustry != 1 {
		t.Fatalf("%+v %v", st, err)
	}
	if st.Errors[0].Index != 1 || !strings.Contains(st.Errors[1].Err, "time") {
		t.Errorf("errors: %+v", st.Errors)
	}
}

func TestEvidence(t *testing.T) {
	recs := loadFixture(t)
	s, _ := openTestStore(t, Options{})
	ctx := context.Background()
	if _, err := s.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	byID := map[string]Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	f := func(fl Filter, point string, n int) {
		t.Helper()
		ev, err := s.Evidence(ctx, fl, point, n)
		if err != nil {
			t.Fatal(err)
		}
		// The direct answer: newest on-topic records.
		want := 0
		for _, r := range recs {
			if direct([]Record{r}, fl).Point(point) > 0 {
				want++
			}
		}
		if len(ev) != min(n, want) || len(ev) == 0 {
			t.Fatalf("%+v %s: %d evidence, want %d", fl, point, len(ev), min(n, want))
		}
		for i, e := range ev {
			r, ok := byID[e.RecordID]
			if !ok || !r.Time.Equal(e.Time) {
				t.Fatalf("evidence %d: record %q time %v", i, e.RecordID, e.Time)
			}
			if fl.Indicator != "" && e.Indicator != fl.Indicator || e.Point != point && e.Polarity != point {
				t.Errorf("off topic: %+v", e)
			}
			if !matchDims(&r.Dims, &fl.Dims, nil) {
				t.Errorf("dims: %+v", e)
			}
			rs := []rune(e.Text)
			if e.Start < 0 || e.End > len(rs) || e.Start > e.End || string(rs[e.Start:e.End]) != e.Term {
				t.Errorf("span %d..%d of %q is not %q", e.Start, e.End, e.Text, e.Term)
			}
			if i > 0 && e.Time.After(ev[i-1].Time) {
				t.Errorf("not newest first at %d", i)
			}
		}
		// Nothing newer and on topic was left out.
		oldest := ev[len(ev)-1].Time
		for _, r := range recs {
			if r.Time.After(oldest) && direct([]Record{r}, fl).Point(point) > 0 {
				found := false
				for _, e := range ev {
					found = found || e.RecordID == r.ID
				}
				if !found {
					t.Errorf("newer on-topic record %s (%v) left out", r.ID, r.Time)
				}
			}
		}
	}
	f(Filter{Industry: "ecommerce", Indicator: "product_quality"}, "pain", 5)
	f(Filter{Industry: "ecommerce", Indicator: "product_quality", From: day("2026-10-01"), To: day("2026-10-20"), Dims: Dims{Channel: "京东"}}, "pleasure", 3)
	f(Filter{Industry: "ecommerce", Department: "logistics"}, "negative", 4)
}

func TestMigrateKGCounters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The retired kg day counters (store.Store.Record, removed), written as it wrote them:
	// n/<industry>/<yyyymmdd>/<indicator>/<aspect>/<point|none>/<polarity> → uint64 BE.
	old := map[string]uint64{}
	for i := 0; i < 1500; i++ { // more than one migration chunk
		asp := "a" + string(rune('a'+i%26)) + string(rune('a'+i/26%26))
		old["n/ecommerce/20261103/delivery_time/"+asp+"/pain/negative"]++
		if i < 10 {
			old["n/ecommerce/20261104/delivery_time/"+asp+"/pain/negative"]++
		}
	}
	old["n/ecommerce/20261103/product_quality/quality/pleasure/positive"] = 4
	err = st.DB().Update(func(txn *badger.Txn) error {
		for k, n := range old {
			if err := txn.Set([]byte(k), binary.BigEndian.AppendUint64(nil, n)); err != nil {
				return err
			}
		}
		return txn.Set([]byte("e/ecommerce/20261103/delivery_time/pain"), []byte(`["物流太慢了"]`)) // evidence without record ids: not migrated
	})
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Location: cst, DepartmentOf: func(ind, id string) string {
		if id == "delivery_time" {
			return "logistics"
		}
		return ""
	}}
	s, err := Open(st.DB(), opt)
	if err != nil {
		t.Fatal(err)
	}
	check := func(s *Store) {
		t.Helper()
		c := mustCounts(t, s, Filter{Industry: "ecommerce"})
		if c.Mentions != 1500+4+10 || c.Pain != 1510 || c.Pleasure != 4 || c.Positive != 4 {
			t.Errorf("migrated: %+v", c)
		}
		if d := mustCounts(t, s, Filter{Industry: "ecommerce", Department: "logistics", From: day("2026-11-04"), To: day("2026-11-05")}); d.Pain != 10 {
			t.Errorf("migrated by department and day: %+v", d)
		}
	}
	check(s)
	done, n, _, err := s.MigrationState()
	if err != nil || !done || n == 0 {
		t.Fatalf("marker: %v %d %v", done, n, err)
	}
	s2, err := Open(st.DB(), opt) // again: the marker stops a second migration
	if err != nil {
		t.Fatal(err)
	}
	check(s2)
}

func TestLockedStoreMessage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	a, err := store.Open(context.Background(), store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, err = store.Open(context.Background(), store.Options{Dir: dir})
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, dir) || !strings.Contains(msg, "tingzhen server") || !strings.Contains(msg, "--server URL") || strings.Contains(msg, "Badger") || strings.Count(msg, ". ") > 0 {
		t.Errorf("message: %q", msg)
	}
}

// TestConcurrentIngestAndQueries (run with -race): writers ingest parts of the fixture
// (overlapping, so ids repeat across goroutines) while readers query; the end state equals
// the direct count.
func TestConcurrentIngestAndQueries(t *testing.T) {
	recs := loadFixture(t)
	s, _ := openTestStore(t, Options{ChunkSize: 37})
	ctx := context.Background()
	done := make(chan error, 8)
	for w := 0; w < 4; w++ {
		go func(w int) {
			part := recs[w*len(recs)/5 : (w+2)*len(recs)/5] // neighbours overlap
			_, err := s.Ingest(ctx, part)
			done <- err
		}(w)
	}
	stop := make(chan struct{})
	for r := 0; r < 2; r++ {
		go func() {
			for {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				if _, err := s.Top(ctx, TopQuery{Filter: Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东", Brand: "本品牌"}}}); err != nil {
					done <- err
					return
				}
				if _, err := s.Evidence(ctx, Filter{Industry: "ecommerce"}, "pain", 3); err != nil {
					done <- err
					return
				}
			}
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	for i := 0; i < 2; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for _, fl := range []Filter{{Industry: "ecommerce"}, {Industry: "ecommerce", Dims: Dims{Channel: "京东", Brand: "本品牌"}}} {
		if got, want := mustCounts(t, s, fl), direct(recs, fl); got != want {
			t.Errorf("%+v: %+v, want %+v", fl, got, want)
		}
	}
}

// TestFormat1Records: a store whose records are in format 1 (JSON, as the first builds of
// layout v1 wrote them) still answers Evidence, and the same records ingested again count
// once (the old contribution is subtracted, the record rewritten in format 2).
func TestFormat1Records(t *testing.T) {
	recs := loadFixture(t)
	s, db := openTestStore(t, Options{})
	ctx := context.Background()
	if _, err := s.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	// Rewrite every stored record as format 1 (JSON, 300 code points of text).
	var n int
	err := db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kRecord)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var sr storedRecord
			if err := it.Item().Value(func(v []byte) error { return decodeRecord(v, &sr, nil) }); err != nil {
				return err
			}
			j, err := json.Marshal(&sr)
			if err != nil {
				return err
			}
			if err := txn.Set(it.Item().KeyCopy(nil), j); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("rewrite as format 1: %d records, %v", n, err)
	}
	ev, err := s.Evidence(ctx, Filter{Industry: "ecommerce"}, "pain", 5)
	if err != nil || len(ev) == 0 {
		t.Fatalf("evidence from format 1: %v %v", ev, err)
	}
	for _, e := range ev {
		if rs := []rune(e.Text); e.End > len(rs) || e.Start >= e.End || string(rs[e.Start:e.End]) != e.Term {
			t.Errorf("span %d..%d of %q is not %q", e.Start, e.End, e.Text, e.Term)
		}
	}
	st, err := s.Ingest(ctx, recs)
	if err != nil || st.Replaced != n || st.New != 0 {
		t.Fatalf("again over format 1: %+v %v", st, err)
	}
	for _, fl := range []Filter{{Industry: "ecommerce"}, {Industry: "ecommerce", Dims: Dims{Channel: "京东", Brand: "本品牌"}}} {
		if got, want := mustCounts(t, s, fl), direct(recs, fl); got != want {
			t.Errorf("%+v: %+v, want %+v", fl.Dims, got, want)
		}
	}
	// Now stored in format 2: a third time changes nothing.
	if st, err := s.Ingest(ctx, recs); err != nil || st.Unchanged != n {
		t.Fatalf("third time: %+v %v", st, err)
	}
}
