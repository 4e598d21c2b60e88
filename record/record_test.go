package record

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
)

var (
	testEngine    *engine.Engine
	testEngineErr error
	testRec       *Recorder
)

// TestMain opens one real engine over a real Badger store in a temp dir.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tingzhen-record-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testEngine, testEngineErr = engine.New(context.Background(), engine.Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1,
		DataDir: filepath.Join(dir, "kg"), CacheDir: filepath.Join(os.TempDir(), "tingzhen-test-cache")})
	if testEngine != nil {
		if testRec, err = ForEngine(testEngine); err != nil {
			fmt.Fprintln(os.Stderr, "recorder:", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	if testEngine != nil {
		if err := testEngine.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "close engine:", err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func needEngine(t testing.TB) *engine.Engine {
	t.Helper()
	if testEngine == nil {
		t.Skipf("no engine (ONNX Runtime or models missing; run `make deps` and set TINGZHEN_ORT_LIB): %v", testEngineErr)
	}
	return testEngine
}

func analyze(t testing.TB, in ...engine.Input) []engine.Result {
	t.Helper()
	res, err := needEngine(t).Analyze(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// tagged is a filter on a tag of this test run only (the store is shared by the tests).
func tagged(name string) (insights.Dims, insights.Filter) {
	tag := name + "-" + time.Now().Format("150405.000000")
	d := insights.Dims{Channel: "美团", Tags: []string{tag}}
	return d, insights.Filter{Dims: insights.Dims{Tags: []string{tag}}}
}

func counts(t testing.TB, f insights.Filter) insights.Counts {
	t.Helper()
	c, err := needEngine(t).Insights().Counts(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// directCounts counts what the insights store must count for results: customer-voice
// mentions placed on an indicator, and their pain points.
func directCounts(results []engine.Result) (records, mentions, pain int64) {
	for _, r := range results {
		if r.Error != nil || !CustomerVoice(r.Role) {
			continue
		}
		records++
		for _, a := range r.Aspects {
			if !CustomerVoice(a.Role) || a.KG == nil || a.KG.IDs["indicator"] == "" {
				continue
			}
			mentions++
			if a.Point == "pain" {
				pain++
			}
		}
	}
	return
}

// TestEngineWritesNothing: Analyze counts nothing; Recorder.Analyzed counts the customer's
// records, leaving out NoRecord, SentimentOnly and agent inputs and failed records.
func TestEngineWritesNothing(t *testing.T) {
	ctx := context.Background()
	dims, f := tagged("analyzed")
	ins := []engine.Input{ // real waimai_10k reviews
		{ID: "c1", Text: "送餐太慢了，等了两个小时，饭菜都凉了", Time: "2021-03-01 12:00", Industry: "food_delivery", Dims: dims},
		{ID: "c2", Text: "配送员态度很差，还把汤洒了", Time: "2021-03-01 19:30", Industry: "food_delivery", Dims: dims},
		{ID: "n1", Text: "味道不错，送餐也很快", Industry: "food_delivery", Dims: dims, NoRecord: true},
		{ID: "s1", Text: "包装破了，汤洒了一袋子", Industry: "food_delivery", Dims: dims, SentimentOnly: true},
		{ID: "a1", Text: "非常抱歉，送餐太慢了，我们给您补偿", Industry: "food_delivery", Dims: dims, Role: engine.RoleAgent},
		{ID: "t1", Text: "送餐太慢", Time: "上周三", Industry: "food_delivery", Dims: dims}, // bad_time: fails alone
	}
	res := analyze(t, ins...)
	if c := counts(t, f); c.Records != 0 || c.Mentions != 0 {
		t.Fatalf("Analyze alone counted %+v: the engine must write nothing", c)
	}
	if res[5].Error == nil {
		t.Fatalf("record t1 with time 上周三 did not fail: %+v", res[5])
	}
	st, err := testRec.Analyzed(ctx, ins, res)
	if err != nil {
		t.Fatal(err)
	}
	wantRec, wantMen, wantPain := directCounts(res[:2])
	if wantMen == 0 || wantPain == 0 {
		t.Fatalf("no counted mentions in the test reviews (%d, %d): the test would prove nothing", wantMen, wantPain)
	}
	if st.New != 2 {
		t.Errorf("ingest stats %+v, want 2 new (c1, c2)", st)
	}
	if c := counts(t, f); c.Records != wantRec || c.Mentions != wantMen || c.Pain != wantPain {
		t.Errorf("counted %+v, want records %d mentions %d pain %d (c1, c2 only)", c, wantRec, wantMen, wantPain)
	}
	if _, err := testRec.Analyzed(ctx, ins[:2], res[:1]); err == nil {
		t.Error("Analyzed with 1 result for 2 inputs: no error")
	}
}

// TestRecordIdempotentBackfill: results dated in the past count on their own days; the
// same ids again (or the same text without an id) replace, never add; an agent's record
// adds nothing.
func TestRecordIdempotentBackfill(t *testing.T) {
	ctx := context.Background()
	dims, f := tagged("backfill")
	reviews := []engine.Input{ // real waimai_10k reviews
		{ID: "w1", Text: "送餐太慢了，等了两个小时，饭菜都凉了", Time: "2021-03-01 12:00", Industry: "food_delivery", Dims: dims},
		{ID: "w2", Text: "配送员态度很差，还把汤洒了", Time: "2021-03-01 19:30", Industry: "food_delivery", Dims: dims},
		{ID: "w3", Text: "味道不错，送餐也很快", Time: "2021-03-02", Industry: "food_delivery", Dims: dims},
		{ID: "", Text: "包装破了，汤洒了一袋子", Time: "2021-03-03", Industry: "food_delivery", Dims: dims},
	}
	res := analyze(t, reviews...)
	texts := []string{reviews[0].Text, reviews[1].Text, reviews[2].Text, reviews[3].Text}
	st, err := testRec.Results(ctx, res, texts)
	if err != nil {
		t.Fatal(err)
	}
	if st.New != 4 {
		t.Errorf("first ingest: %+v, want 4 new", st)
	}
	wantRec, wantMen, wantPain := directCounts(res)
	if wantMen == 0 || wantPain == 0 {
		t.Fatalf("no counted mentions in the test reviews (%d, %d): the test would prove nothing", wantMen, wantPain)
	}
	check := func(when string) {
		t.Helper()
		c := counts(t, f)
		if c.Records != wantRec || c.Mentions != wantMen || c.Pain != wantPain {
			t.Errorf("%s: counts %+v, want records %d mentions %d pain %d", when, c, wantRec, wantMen, wantPain)
		}
		byDay, err := testEngine.Insights().CountsBy(ctx, f, "day")
		if err != nil {
			t.Fatal(err)
		}
		for day, n := range map[string]int64{"2021-03-01": 2, "2021-03-02": 1, "2021-03-03": 1} {
			if byDay[day].Records != n {
				t.Errorf("%s: day %s has %d records, want %d (all days: %v)", when, day, byDay[day].Records, n, byDay)
			}
		}
	}
	check("first ingest")
	// The same records again: ids w1..w3, and the content hash of the one without an id.
	res2 := analyze(t, reviews...)
	if _, err := testRec.Results(ctx, res2, texts); err != nil {
		t.Fatal(err)
	}
	check("ingested twice")
	// An agent saying the same words (its own id) adds nothing.
	agent := analyze(t, engine.Input{ID: "a1", Text: reviews[0].Text, Time: "2021-03-01 12:01", Industry: "food_delivery", Dims: dims, Role: engine.RoleAgent})
	if len(agent[0].Aspects) == 0 {
		t.Fatal("agent record has no aspects")
	}
	if _, err := testRec.Results(ctx, agent, nil); err != nil {
		t.Fatal(err)
	}
	check("after an agent record")
}

// TestContentID: the id of a record sent without one depends on text, time and dims only.
func TestContentID(t *testing.T) {
	d := insights.Dims{Channel: "app"}
	a := ContentID("送餐太慢", "2024-11-03T00:00:00+08:00", d)
	f := func(text, when string, d insights.Dims, same bool) {
		t.Helper()
		if got := ContentID(text, when, d) == a; got != same {
			t.Errorf("ContentID(%q, %q, %+v) same=%v, want %v", text, when, d, got, same)
		}
	}
	f("送餐太慢", "2024-11-03T00:00:00+08:00", insights.Dims{Channel: "app"}, true)
	f("送餐太慢", "2024-11-04T00:00:00+08:00", insights.Dims{Channel: "app"}, false)
	f("送餐太慢", "2024-11-03T00:00:00+08:00", insights.Dims{Channel: "web"}, false)
	f("送餐太慢了", "2024-11-03T00:00:00+08:00", insights.Dims{Channel: "app"}, false)
	f("送餐太慢", "2024-11-03T00:00:00+08:00", insights.Dims{Channel: "app", Tags: []string{"x"}}, false)
	f("送餐太慢", "2024-11-03T00:00:00+08:00", insights.Dims{Channel: "app", Brand: "本品牌"}, false)
}

// TestEventTime: a result's echoed time is read as RFC 3339, else in the recorder's zone;
// none (or unreadable) is the time of recording.
func TestEventTime(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("CST", 8*3600))
	f := func(in string, want time.Time) {
		t.Helper()
		if got := eventTime(in, now); !got.Equal(want) {
			t.Errorf("eventTime(%q) = %v, want %v", in, got, want)
		}
	}
	f("", now)
	f("2024-11-03T14:05:00+08:00", time.Date(2024, 11, 3, 14, 5, 0, 0, now.Location()))
	f("2024-11-03 14:05", time.Date(2024, 11, 3, 14, 5, 0, 0, now.Location()))
	f("2024年11月3日", time.Date(2024, 11, 3, 0, 0, 0, 0, now.Location()))
	f("上周三", now)
}

// TestCallRecord: a call is one record whose text is the customer's turns joined by a
// newline, its customer mentions re-based onto that text, the agent's kept and marked; only
// the customer's voice counts, and a call without an id counts once by its content.
func TestCallRecord(t *testing.T) {
	ctx := context.Background()
	dims, f := tagged("call")
	turns := []struct{ role, text string }{ // a real JDDC-style exchange
		{engine.RoleCustomer, "快递三天了还没到，太慢了"},
		{engine.RoleAgent, "非常抱歉，物流太慢了，我帮您催一下"},
		{engine.RoleCustomer, "客服态度还可以，但是包装破了"},
	}
	in := make([]engine.Input, len(turns))
	for i, tr := range turns {
		in[i] = engine.Input{ID: fmt.Sprint(i), Text: tr.text, Industry: "ecommerce", Role: tr.role, NoKeywords: true}
	}
	res := analyze(t, in...)
	call := Call{Time: "2024-11-03T10:00:00+08:00", Dims: dims, Industry: "ecommerce", Sentiment: "negative"}
	agentMentions := 0
	for i, r := range res {
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		call.Turns = append(call.Turns, Turn{Role: turns[i].role, Text: turns[i].text, Mentions: r.Aspects})
		if turns[i].role == engine.RoleAgent {
			agentMentions += len(r.Aspects)
		}
	}
	rec := CallRecord(&call, time.Now())
	wantText := turns[0].text + "\n" + turns[2].text
	if rec.Text != wantText {
		t.Fatalf("text %q, want %q", rec.Text, wantText)
	}
	if rec.Time.Format(time.RFC3339) != call.Time || rec.Dims.Channel != "美团" || rec.Industry != "ecommerce" || rec.Sentiment != "negative" {
		t.Errorf("record time %v channel %q industry %q sentiment %q", rec.Time, rec.Dims.Channel, rec.Industry, rec.Sentiment)
	}
	if rec.ID != ContentID(wantText, call.Time, dims) {
		t.Errorf("id %q, want the content id of the customer's text", rec.ID)
	}
	runes := []rune(rec.Text)
	customer, agent := 0, 0
	for _, m := range rec.Mentions {
		switch m.Role {
		case engine.RoleCustomer:
			customer++
			if m.Term != "" && string(runes[m.Start:m.End]) != m.Term {
				t.Errorf("customer mention %q at [%d,%d) reads %q in the call text", m.Term, m.Start, m.End, string(runes[m.Start:m.End]))
			}
		case engine.RoleAgent:
			agent++
		default:
			t.Errorf("mention %q has role %q", m.Term, m.Role)
		}
	}
	if customer == 0 || agent != agentMentions || agentMentions == 0 {
		t.Fatalf("mentions: %d customer, %d agent (the agent's turn has %d): the test would prove little", customer, agent, agentMentions)
	}
	if utf8.RuneCountInString(rec.Text) != len(runes) {
		t.Fatal("rune count")
	}
	// Counted: one record, the customer's mapped mentions only; the same call again
	// (no id: its content id) replaces it.
	var wantMen, wantPain int64
	for _, m := range rec.Mentions {
		if m.Role == engine.RoleCustomer && m.KG != nil && m.KG.IDs["indicator"] != "" {
			wantMen++
			if m.Point == "pain" {
				wantPain++
			}
		}
	}
	for pass := 0; pass < 2; pass++ {
		if _, err := testRec.Calls(ctx, []Call{call}); err != nil {
			t.Fatal(err)
		}
		if c := counts(t, f); c.Records != 1 || c.Mentions != wantMen || c.Pain != wantPain {
			t.Errorf("pass %d: counted %+v, want 1 record, %d mentions, %d pain", pass, c, wantMen, wantPain)
		}
	}
}

// TestNew: both stores are needed.
func TestNew(t *testing.T) {
	if _, err := New(nil, nil, Options{}); err == nil {
		t.Error("New without stores: no error")
	}
	if _, err := ForEngine(nil); err == nil {
		t.Error("ForEngine(nil): no error")
	}
}
