package jobs

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/record"
	"github.com/tingzhen/tingzhen/store"
)

// childDataEnv names the Badger directory a child job counts into.
const childDataEnv = "TINGZHEN_JOBS_CHILD_DATA"

// datedFixture: 56 real reviews dated 2011-08-01 … 2011-08-14 with 日期, 渠道, 品牌, 商品
// columns (testdata/dated/README.md).
const datedFixture = "testdata/dated/reviews_dated.csv"

// The fixture's period, as a filter that leaves out what other tests counted (now).
var (
	datedFrom = time.Date(2011, 7, 1, 0, 0, 0, 0, time.Local)
	datedTo   = time.Date(2011, 9, 1, 0, 0, 0, 0, time.Local)
)

type dayCount struct{ Records, Mentions, Pain int64 }

// directByDay counts results.jsonl the way the counters must: per event day, records,
// customer-voice mentions placed on an indicator, and their pain points.
func directByDay(t *testing.T, out string) map[string]dayCount {
	t.Helper()
	f, err := os.Open(filepath.Join(out, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]dayCount{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r engine.Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Error != nil {
			continue
		}
		when, err := time.Parse(time.RFC3339, r.Time)
		if err != nil {
			t.Fatalf("result %s: time %q: %v", r.ID, r.Time, err)
		}
		day := when.In(time.Local).Format(time.DateOnly)
		c := m[day]
		c.Records++
		for _, a := range r.Aspects {
			if record.CustomerVoice(a.Role) && a.KG != nil && a.KG.IDs["indicator"] != "" {
				c.Mentions++
				if a.Point == kg.PointPain {
					c.Pain++
				}
			}
		}
		m[day] = c
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func storeByDay(t *testing.T, st *insights.Store, f insights.Filter) map[string]dayCount {
	t.Helper()
	f.From, f.To = datedFrom, datedTo
	by, err := st.CountsBy(context.Background(), f, "day")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]dayCount{}
	for day, c := range by {
		if c.Records > 0 || c.Mentions > 0 {
			m[day] = dayCount{c.Records, c.Mentions, c.Pain}
		}
	}
	return m
}

func sameDays(t *testing.T, what string, got, want map[string]dayCount) {
	t.Helper()
	if len(want) < 14 {
		t.Fatalf("%s: the results cover %d days, want the fixture's 14", what, len(want))
	}
	var mentions int64
	for day, w := range want {
		mentions += w.Mentions
		if got[day] != w {
			t.Errorf("%s: %s counted %+v, results.jsonl holds %+v", what, day, got[day], w)
		}
	}
	for day, g := range got {
		if _, ok := want[day]; !ok {
			t.Errorf("%s: %s counted %+v, results.jsonl has no record that day", what, day, g)
		}
	}
	if mentions == 0 {
		t.Fatalf("%s: no counted mention in the results: the test would prove nothing", what)
	}
}

// TestDatedJobCountsPerDay: a job over dated reviews counts each record on its own day
// (back-filling 2011), with the dims from the 日期/渠道/品牌/商品 columns; the counts
// equal a direct count of results.jsonl; running the job again, from scratch or into
// another folder, counts nothing twice; the summary gains a time axis and brands.
func TestDatedJobCountsPerDay(t *testing.T) {
	ctx := context.Background()
	st := testEngine.Insights()
	spec := Spec{Inputs: []string{datedFixture}, Output: t.TempDir(), Industry: "ecommerce", RecordKG: true}
	res, err := Run(ctx, testEngine, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := directByDay(t, spec.Output)
	sameDays(t, "first run", storeByDay(t, st, insights.Filter{}), want)
	// The dims came from the columns: 渠道 app / 网页 split the same records.
	app := storeByDay(t, st, insights.Filter{Dims: insights.Dims{Channel: "app"}})
	web := storeByDay(t, st, insights.Filter{Dims: insights.Dims{Channel: "网页"}})
	for day, w := range want {
		if app[day].Records+web[day].Records != w.Records || app[day].Mentions+web[day].Mentions != w.Mentions {
			t.Errorf("%s: channels app %+v + 网页 %+v ≠ %+v", day, app[day], web[day], w)
		}
	}
	brand, err := st.CountsBy(ctx, insights.Filter{From: datedFrom, To: datedTo}, "brand")
	if err != nil {
		t.Fatal(err)
	}
	if brand["本品牌"].Records != 30 || brand["竞品"].Records != 26 {
		t.Errorf("records by brand: %v, want 本品牌 30, 竞品 26 (the fixture's 品牌 column)", brand)
	}
	// The summary's time axis is the same count.
	tl := res.Summary.Timeline
	if tl == nil || len(tl.Days) != 14 || len(tl.Weeks) != 2 || tl.WeekOnWeek == nil {
		t.Fatalf("summary timeline: %+v", tl)
	}
	for _, d := range tl.Days {
		if w := want[d.Start]; d.Records != w.Records || d.Mentions != w.Mentions || d.Pain != w.Pain {
			t.Errorf("summary day %s: %+v, results hold %+v", d.Start, d, w)
		}
	}
	if tl.Weeks[0].Start != "2011-08-01" || tl.Weeks[1].Start != "2011-08-08" || tl.Weeks[0].Records != 28 {
		t.Errorf("weeks: %+v", tl.Weeks)
	}
	// Week on week: the direct count's two weeks and the same two-proportion test.
	var w1, w2 dayCount
	for day, c := range want {
		w := &w1
		if day >= "2011-08-08" {
			w = &w2
		}
		w.Mentions += c.Mentions
		w.Pain += c.Pain
	}
	_, p, small := insights.TwoProportionZ(w1.Pain, w1.Mentions, w2.Pain, w2.Mentions)
	if wow := tl.WeekOnWeek; wow.Mentions != w2.Mentions || wow.PrevMentions != w1.Mentions || math.Abs(wow.P-p) > 1e-4 || wow.Small != small || wow.Significant != (p < 0.05 && !small) {
		t.Errorf("week on week %+v; direct: weeks %+v %+v, p %.4f", wow, w1, w2, p)
	}
	if len(res.Summary.Brands) != 2 {
		t.Errorf("summary brands: %+v", res.Summary.Brands)
	}
	html := string(readFile(t, filepath.Join(spec.Output, ReportFile)))
	for _, s := range []string{"时间趋势", "周环比", "品牌对比", "本品牌", "竞品", "2011-08-08"} {
		if !strings.Contains(html, s) {
			t.Errorf("report.html lacks %q", s)
		}
	}
	// Again from scratch, and into another folder: the same record ids replace themselves.
	spec.Restart = true
	if _, err := Run(ctx, testEngine, spec, nil); err != nil {
		t.Fatal(err)
	}
	sameDays(t, "after --restart", storeByDay(t, st, insights.Filter{}), want)
	spec.Restart, spec.Output = false, t.TempDir()
	if _, err := Run(ctx, testEngine, spec, nil); err != nil {
		t.Fatal(err)
	}
	sameDays(t, "after a second job", storeByDay(t, st, insights.Filter{}), want)
}

// TestFieldMapping: --field maps dimensions to other columns; an unknown dimension is a
// clear error before anything runs, a missing column a clear error for its file.
func TestFieldMapping(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	spec := Spec{Inputs: []string{datedFixture}, Output: out, TimeField: "日期", Fields: map[string]string{"segment": "渠道", "store": "商品"}}
	if _, err := Run(ctx, testEngine, spec, nil); err != nil {
		t.Fatal(err)
	}
	lines := jsonLines(t, filepath.Join(out, ResultsFile))
	if len(lines) != 56 {
		t.Fatalf("%d results", len(lines))
	}
	r := lines[0]
	if r["segment"] != "网页" || r["store"] != "00000958" || r["channel"] != "网页" || r["time"] == nil {
		t.Errorf("first result: segment %v store %v channel %v time %v", r["segment"], r["store"], r["channel"], r["time"])
	}
	// An unknown dimension stops the job; a missing column fails its file (errors.jsonl).
	f := func(spec Spec, want string) {
		t.Helper()
		spec.Inputs, spec.Output = []string{datedFixture}, t.TempDir()
		res, err := Run(ctx, testEngine, spec, nil)
		if err == nil && len(res.State.FileLog) == 1 {
			err = fmt.Errorf("%s", res.State.FileLog[0].Error)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v %q: error %v, want it to say %q", spec.Fields, spec.TimeField, err, want)
		}
	}
	f(Spec{Fields: map[string]string{"chanel": "渠道"}}, `unknown dimension "chanel"`)
	f(Spec{Fields: map[string]string{"brand": "厂商"}}, "no column for the brand field 厂商")
	f(Spec{TimeField: "下单日期"}, "no column for the time field 下单日期")
}

// TestBadTimeJob: a record whose date cannot be read goes to errors.jsonl (bad_time); the
// others are analysed; a record whose role is 客服 is answered, marked, and left out of the
// summary's counts.
func TestBadTimeJob(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "dated.jsonl")
	body := `{"id":"t1","text":"送餐太慢了，等了两个小时","date":"2021-05-01","channel":"美团"}
{"id":"t2","text":"味道很好，下次还点","date":"上周三"}
{"id":"t3","text":"包装破了，汤洒了一袋子","date":1620000000,"tags":["回访","差评"]}
{"id":"t4","text":"配送员态度很差，送餐太慢了","role":"客服"}
`
	if err := os.WriteFile(in, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	res, err := Run(context.Background(), testEngine, Spec{Inputs: []string{in}, Output: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Failed != 1 {
		t.Errorf("%d failed, want 1", res.State.Failed)
	}
	errs := jsonLines(t, filepath.Join(out, ErrorsFile))
	if len(errs) != 1 || errs[0]["code"] != "bad_time" || errs[0]["id"] != "t2" || !strings.Contains(errs[0]["reason"].(string), "上周三") {
		t.Errorf("errors.jsonl: %v", errs)
	}
	lines := jsonLines(t, filepath.Join(out, ResultsFile))
	if lines[0]["channel"] != "美团" || !strings.HasPrefix(lines[0]["time"].(string), "2021-05-01T00:00:00") {
		t.Errorf("t1: %v %v", lines[0]["channel"], lines[0]["time"])
	}
	if lines[3]["role"] != "agent" || len(lines[3]["aspects"].([]any)) == 0 {
		t.Errorf("t4 (role 客服): role %v, aspects %v", lines[3]["role"], lines[3]["aspects"])
	}
	var customer int64
	for _, l := range lines[:3] {
		if as, ok := l["aspects"].([]any); ok {
			customer += int64(len(as))
		}
	}
	if res.Summary.Mentions != customer {
		t.Errorf("summary counts %d mentions, the customers' records hold %d (the agent's are not counted)", res.Summary.Mentions, customer)
	}
	want := time.Unix(1620000000, 0).In(time.Local).Format(time.RFC3339)
	if lines[2]["time"] != want || fmt.Sprint(lines[2]["tags"]) != "[回访 差评]" {
		t.Errorf("t3: time %v (want %s), tags %v", lines[2]["time"], want, lines[2]["tags"])
	}
}

// TestDatedKillResume: a job counting into a store on disk is SIGKILLed twice mid-way and
// resumed; the counters per day equal a direct count of its results.jsonl (each record
// once, however many times it was replayed).
func TestDatedKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	dir := t.TempDir()
	// 20 copies of the dated reviews with their own ids: enough to kill the job mid-way.
	src := string(readFile(t, datedFixture))
	header, rows, _ := strings.Cut(src, "\n")
	var b strings.Builder
	b.WriteString(header + "\n")
	for k := 0; k < 20; k++ {
		for _, row := range strings.Split(strings.TrimSpace(rows), "\n") {
			b.WriteString(fmt.Sprintf("c%d-%s\n", k, row))
		}
	}
	in := filepath.Join(dir, "dated.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	data, out := filepath.Join(dir, "data"), filepath.Join(dir, "out")
	spec := Spec{Inputs: []string{in}, Output: out, Industry: "ecommerce", RecordKG: true, ChunkSize: 16}
	t.Setenv(childDataEnv, data)
	kills := 0
	for _, n := range []int64{40 << 10, 200 << 10, -1} {
		cmd, stderr := startChild(t, spec)
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		if n > 0 && waitSize(t, cmd, filepath.Join(out, ResultsFile), n, exited) {
			cmd.Process.Signal(syscall.SIGKILL)
			kills++
		}
		err := <-exited
		t.Logf("child: %v %s; results.jsonl %d bytes", err, strings.TrimSpace(stderr.String()), fileSize(filepath.Join(out, ResultsFile)))
		if n < 0 && err != nil {
			t.Fatalf("the last run did not finish: %v", err)
		}
	}
	if kills == 0 {
		t.Fatal("the child finished before it could be killed; use a bigger input")
	}
	if got := len(jsonLines(t, filepath.Join(out, ResultsFile))); got != 20*56 {
		t.Fatalf("%d results, want %d", got, 20*56)
	}
	ctx := context.Background()
	store, err := store.Open(ctx, store.Options{Dir: data, PacksDir: "../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	st, err := insights.Open(store.DB(), insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sameDays(t, "after kills and resume", storeByDay(t, st, insights.Filter{}), directByDay(t, out))
}
