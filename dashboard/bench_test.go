package dashboard_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/record"
	"github.com/tingzhen/tingzhen/server"
	"github.com/tingzhen/tingzhen/tasks"
)

// benchViews are the views timed, in navigation order.
var benchViews = []string{"departments", "indicator", "journey", "kg", "overview"}

// BenchmarkDashboard measures, in headless chromium against a real server, the first load
// of the page (navigation to the overview rendered, the key already in the session) and
// each view's render time (click → every query answered and drawn), on a store of
// DASHBOARD_BENCH_RECORDS records (default 1,000,000). The records are the engine's real
// analyses of testdata/reviews.jsonl (596 reviews with their brands and channels), repeated
// with new ids and event times spread over 365 days, ingested into the insights counters;
// the alert rules are then evaluated so the department board has tasks. Each view is
// rendered three times; the metrics are the medians in milliseconds. Run:
//
//	go test ./dashboard -run XXX -bench Dashboard -benchtime 1x
func BenchmarkDashboard(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("DASHBOARD_BENCH_RECORDS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	ctx := context.Background()
	dir := b.TempDir()
	e, err := engine.New(ctx, engine.Config{Home: "..", IntraOpThreads: 1, DataDir: filepath.Join(dir, "kg"), Location: time.UTC,
		CacheDir: filepath.Join(os.TempDir(), "tingzhen-test-cache")})
	if err != nil {
		b.Fatalf("engine: %v", err)
	}
	defer e.Close()
	base := analyseReviews(b, e)
	st := e.Insights()
	start := time.Date(2010, 8, 15, 0, 0, 0, 0, time.UTC)
	span := 365 * 24 * time.Hour
	t0 := time.Now()
	const batch = 10_000
	recs := make([]insights.Record, batch)
	for done := 0; done < n; done += batch {
		m := min(batch, n-done)
		for i := 0; i < m; i++ {
			k := done + i
			r := base[k%len(base)]
			r.ID = "bench-" + strconv.Itoa(k)
			r.Time = start.Add(time.Duration(int64(span) / int64(n) * int64(k)))
			recs[i] = r
		}
		if s, err := st.Ingest(ctx, recs[:m]); err != nil || s.New != m {
			b.Fatalf("ingest: %+v %v", s, err)
		}
	}
	b.Logf("ingested %d records in %s", n, time.Since(t0).Round(time.Millisecond))
	tm, err := tasks.New(e.KG().DB(), e.KG(), server.EngineInsights(e), tasks.Options{Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tm.Evaluate(ctx, start.Add(span)); err != nil {
		b.Fatal(err)
	}
	jm, err := jobs.NewManager(e, jobs.ManagerOptions{Dir: filepath.Join(dir, "jobs")})
	if err != nil {
		b.Fatal(err)
	}
	defer jm.Close()
	s := &stack{eng: e, jm: jm, tm: tm}
	s.base = s.serve(b, []server.APIKey{{Name: "analyst", Key: keyAnalyst, Scopes: []string{server.ScopeAdmin}}})
	br := newBrowser(b)
	// The key in the session first (the prompt is not what is timed).
	br.do(b, "session key", chromedp.Navigate(s.base+"/openapi.json"))
	eval[bool](b, br, `sessionStorage.setItem('tingzhen.apiKey', '`+keyAnalyst+`') || true`)
	b.ResetTimer()
	var first []float64
	times := map[string][]float64{}
	for round := 0; round < 3; round++ {
		br.do(b, "leave", chromedp.Navigate("about:blank"))
		t1 := time.Now()
		br.do(b, "first load", chromedp.Navigate(s.base+"/#overview"), br.rendered("overview"))
		first = append(first, ms(time.Since(t1)))
		for _, v := range benchViews {
			eval[bool](b, br, `performance.clearResourceTimings() || true`)
			t1 := time.Now()
			br.view(b, v)
			times[v] = append(times[v], ms(time.Since(t1)))
			if round == 2 { // the slowest API requests of the view, as the browser timed them
				slow := eval[[]string](b, br, `performance.getEntriesByType('resource').filter(e => e.name.includes('/v1/'))
					.sort((a, b) => b.duration - a.duration).slice(0, 3).map(e => Math.round(e.duration) + ' ms ' + decodeURIComponent(new URL(e.name).pathname + new URL(e.name).search))`)
				b.Logf("%s: %.0f ms; slowest requests: %q", v, times[v][2], slow)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(median(first), "first-load-ms")
	for _, v := range benchViews {
		b.ReportMetric(median(times[v]), v+"-ms")
	}
	if errs := br.errors(); len(errs) > 0 {
		b.Fatalf("console errors: %q", errs)
	}
}

// analyseReviews runs the engine over the test reviews and returns their counter records.
func analyseReviews(b *testing.B, e *engine.Engine) []insights.Record {
	b.Helper()
	f, err := os.Open(reviewsFile)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var ins []engine.Input
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct{ ID, Time, Channel, Brand, Product, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		in := engine.Input{ID: r.ID, Text: r.Text, Industry: "ecommerce", Time: r.Time}
		in.Channel, in.Brand, in.Product = r.Channel, r.Brand, r.Product
		ins = append(ins, in)
	}
	var out []insights.Record
	for i := 0; i < len(ins); i += 64 {
		res, err := e.Analyze(context.Background(), ins[i:min(i+64, len(ins))])
		if err != nil {
			b.Fatal(err)
		}
		for j := range res {
			out = append(out, record.RecordOf(&res[j], ins[i+j].Text, time.Now()))
		}
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
