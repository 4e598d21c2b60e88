package engine

import (
	"context"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
)

// TestVoiceFields: event times in the common formats are read in the configured zone and
// echoed as RFC 3339 with the dims and role; an unreadable time or an unknown role fails
// only its own record.
func TestVoiceFields(t *testing.T) {
	loc := testEngine.Config().Location
	f := func(when, wantTime, wantCode string) {
		t.Helper()
		in := []Input{
			{ID: "a", Text: "送餐太慢了，等了两个小时", Time: when, Dims: insights.Dims{Channel: "美团", Brand: "本品牌", Tags: []string{"回访"}}},
			{ID: "b", Text: "味道很好，下次还点"},
		}
		res := analyze(t, in...)
		if res[1].Error != nil || res[1].Time != "" {
			t.Fatalf("time %q: the other record: %+v", when, res[1])
		}
		r := res[0]
		if wantCode != "" {
			if r.Error == nil || string(r.Error.Code) != wantCode {
				t.Fatalf("time %q: error %+v, want code %s", when, r.Error, wantCode)
			}
			return
		}
		if r.Error != nil {
			t.Fatalf("time %q: %v", when, r.Error)
		}
		if r.Time != wantTime {
			t.Errorf("time %q: echoed %q, want %q", when, r.Time, wantTime)
		}
		if r.Channel != "美团" || r.Brand != "本品牌" || len(r.Tags) != 1 || r.Tags[0] != "回访" {
			t.Errorf("time %q: dims not echoed: %+v", when, r.Dims)
		}
	}
	at := func(y int, m time.Month, d, h, min int) string {
		return time.Date(y, m, d, h, min, 0, 0, loc).Format(time.RFC3339)
	}
	f("", "", "")
	f("2024-11-03", at(2024, 11, 3, 0, 0), "")
	f("2024-11-03 14:05", at(2024, 11, 3, 14, 5), "")
	f("2024/11/03", at(2024, 11, 3, 0, 0), "")
	f("2024年11月3日 14:05", at(2024, 11, 3, 14, 5), "")
	f("2024-11-03T14:05:00+08:00", "2024-11-03T14:05:00+08:00", "")
	f("11月3日", "", "bad_time") // no year
	f("上周三", "", "bad_time")
	f("2024-13-45", "", "bad_time")

	res := analyze(t, Input{ID: "r", Text: "送餐太慢了", Role: "客服"}, Input{ID: "s", Text: "送餐太慢了"})
	if res[0].Error == nil || res[0].Error.Code != "bad_role" || res[1].Error != nil {
		t.Errorf("unknown role: %+v / %+v", res[0].Error, res[1].Error)
	}
}

// TestRoleStampedOnMentions: an agent's or system record keeps its aspects, each marked
// with the role; a customer's are not marked.
func TestRoleStampedOnMentions(t *testing.T) {
	text := "配送员态度很差，送餐太慢了，饭菜都凉了"
	for _, role := range []string{"", RoleCustomer, RoleAgent, RoleSystem} {
		r := analyze(t, Input{ID: "x", Text: text, Industry: "food_delivery", Role: role})[0]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		if len(r.Aspects) == 0 {
			t.Fatalf("role %q: no aspects in %q", role, text)
		}
		for _, a := range r.Aspects {
			if a.Role != role {
				t.Errorf("role %q: aspect %q marked %q", role, a.Term, a.Role)
			}
		}
		if r.Role != role {
			t.Errorf("role %q echoed as %q", role, r.Role)
		}
	}
}

// directCounts counts what the insights store must count for results: customer-voice
// mentions placed on an indicator, and their pain points.
func directCounts(results []Result) (records, mentions, pain int64) {
	for _, r := range results {
		if r.Error != nil {
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

// TestRecordIdempotentBackfill: results dated in the past count on their own days; the
// same ids again (or the same text without an id) replace, never add; an agent's record
// adds nothing.
func TestRecordIdempotentBackfill(t *testing.T) {
	ctx := context.Background()
	tag := "test-record-" + time.Now().Format("150405.000000")
	dims := insights.Dims{Channel: "美团", Tags: []string{tag}}
	reviews := []Input{ // real waimai_10k reviews
		{ID: "w1", Text: "送餐太慢了，等了两个小时，饭菜都凉了", Time: "2021-03-01 12:00", Industry: "food_delivery", Dims: dims},
		{ID: "w2", Text: "配送员态度很差，还把汤洒了", Time: "2021-03-01 19:30", Industry: "food_delivery", Dims: dims},
		{ID: "w3", Text: "味道不错，送餐也很快", Time: "2021-03-02", Industry: "food_delivery", Dims: dims},
		{ID: "", Text: "包装破了，汤洒了一袋子", Time: "2021-03-03", Industry: "food_delivery", Dims: dims},
	}
	res := analyze(t, reviews...)
	texts := []string{reviews[0].Text, reviews[1].Text, reviews[2].Text, reviews[3].Text}
	st, err := testEngine.Record(ctx, res, texts)
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
		c, err := testEngine.Insights().Counts(ctx, insights.Filter{Dims: insights.Dims{Tags: []string{tag}}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Records != wantRec || c.Mentions != wantMen || c.Pain != wantPain {
			t.Errorf("%s: counts %+v, want records %d mentions %d pain %d", when, c, wantRec, wantMen, wantPain)
		}
		byDay, err := testEngine.Insights().CountsBy(ctx, insights.Filter{Dims: insights.Dims{Tags: []string{tag}}}, "day")
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
	if _, err := testEngine.Record(ctx, res2, texts); err != nil {
		t.Fatal(err)
	}
	check("ingested twice")
	// An agent saying the same words (its own id) adds nothing.
	agent := analyze(t, Input{ID: "a1", Text: reviews[0].Text, Time: "2021-03-01 12:01", Industry: "food_delivery", Dims: dims, Role: RoleAgent})
	if len(agent[0].Aspects) == 0 {
		t.Fatal("agent record has no aspects")
	}
	if _, err := testEngine.Record(ctx, agent, nil); err != nil {
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
}
