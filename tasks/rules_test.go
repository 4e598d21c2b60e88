package tasks

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
)

// voice is one customer review: its text, the aspect term and opinion the graph places.
type voice struct {
	text, term, opinion, polarity, point string
}

// Real-style reviews of product quality (and of phone performance, a sub-indicator of it).
var (
	qualityPains = []voice{
		{"衣服质量太差了，洗了一次就起球", "质量", "太差", "negative", "pain"},
		{"做工粗糙，线头到处都是", "做工", "粗糙", "negative", "pain"},
		{"这个品质真的不行，跟图片差太多", "品质", "不行", "negative", "pain"},
		{"材质很差，摸起来像塑料", "材质", "很差", "negative", "pain"},
		{"收到就有瑕疵，质量问题太明显", "瑕疵", "明显", "negative", "pain"},
	}
	performancePains = []voice{
		{"手机电池续航太差，半天就没电", "续航", "太差", "negative", "pain"},
		{"用了两天就卡顿，经常死机", "卡顿", "经常", "negative", "pain"},
	}
	qualityPleasures = []voice{
		{"质量很好，做工精细，很满意", "质量", "很好", "positive", "pleasure"},
		{"品质不错，物超所值", "品质", "不错", "positive", "pleasure"},
	}
)

// record places v on the ecommerce graph and dates it.
func record(t *testing.T, g *kg.Graph, id string, at time.Time, v voice) insights.Record {
	t.Helper()
	m, ok := g.MapAspect("ecommerce", v.text, v.term, v.opinion)
	if !ok {
		t.Fatalf("graph does not place %q / %q", v.text, v.term)
	}
	start := strings.Index(v.text, v.term)
	start = len([]rune(v.text[:start]))
	return insights.Record{ID: id, Time: at, Industry: "ecommerce", Sentiment: v.polarity, Text: v.text,
		Mentions: []mention.Mention{{Term: v.term, Opinion: v.opinion, Polarity: v.polarity, Point: v.point,
			Start: start, End: start + len([]rune(v.term)), Confidence: m.Confidence,
			KG: &mention.KGRef{Industry: m.Industry, Stage: m.Stage, Touchpoint: m.Touchpoint, Indicator: m.Indicator, Aspect: m.Aspect, Department: m.Department,
				IDs: map[string]string{"industry": m.IndustryID, "stage": m.StageID, "touchpoint": m.TouchpointID, "indicator": m.IndicatorID, "aspect": m.AspectID, "department": m.DepartmentID}}}}}
}

// batch makes n records cycling through vs, spread over the 7 days from start.
func batch(t *testing.T, g *kg.Graph, prefix string, start time.Time, n int, vs []voice) []insights.Record {
	var out []insights.Record
	for i := 0; i < n; i++ {
		at := start.AddDate(0, 0, i%7).Add(time.Duration(9+i%10) * time.Hour)
		out = append(out, record(t, g, fmt.Sprintf("%s-%02d", prefix, i), at, vs[i%len(vs)]))
	}
	return out
}

// direct counts the pain mentions and all mentions of records in [from, to): the answer
// the rules must see through the insights counters.
func direct(recs []insights.Record, from, to time.Time) (pain, all int64) {
	for _, r := range recs {
		if r.Time.Before(from) || !r.Time.Before(to) {
			continue
		}
		for _, m := range r.Mentions {
			all++
			if m.Point == "pain" {
				pain++
			}
		}
	}
	return pain, all
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEvaluateRulesOnInsights(t *testing.T) {
	ctx := context.Background()
	e := openEnv(t)
	g := e.kg.Graph()
	rcv := newReceiver(t, "q", 0)
	m := e.manager(t, Options{Retry: fastRetry, Webhooks: Webhooks{Departments: map[string]Endpoint{"quality": {URL: rcv.srv.URL, Secret: "q"}}}})

	// Week of 2 Nov: 8 pains of 32 mentions (25 %, under 35 %): no task.
	prev := append(batch(t, g, "w1p", day("2026-11-02"), 8, qualityPains), batch(t, g, "w1g", day("2026-11-02"), 24, qualityPleasures)...)
	// Week of 9 Nov: 20 quality pains + 6 phone-performance pains (a sub-indicator) + 10
	// pleasures: 26 of 36 (72 %), and 26 against 8 the week before (+225 %).
	cur := append(batch(t, g, "w2p", day("2026-11-09"), 20, qualityPains), batch(t, g, "w2s", day("2026-11-09"), 6, performancePains)...)
	cur = append(cur, batch(t, g, "w2g", day("2026-11-09"), 10, qualityPleasures)...)
	all := append(append([]insights.Record{}, prev...), cur...)
	if _, err := e.ins.Ingest(ctx, all); err != nil {
		t.Fatal(err)
	}
	// Evaluated during the week of 2 Nov: 25 % there, nothing the week before: no task.
	if got, err := m.Evaluate(ctx, day("2026-11-06")); err != nil || len(got) != 0 {
		t.Fatalf("evaluate in week 1 = %+v, %v", got, err)
	}
	// Evaluated on Wednesday 18 Nov: the current week is empty, the previous one fires.
	now := day("2026-11-18").Add(10 * time.Hour)
	created, err := m.Evaluate(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 1 {
		t.Fatalf("created %d tasks: %+v", len(created), created)
	}
	tk := created[0]
	wantPain, wantAll := direct(all, day("2026-11-09"), day("2026-11-16"))
	prevPain, prevAll := direct(all, day("2026-11-02"), day("2026-11-09"))
	if tk.ID != "ecommerce.quality_pain_share.20261109" || tk.WindowStart != "2026-11-09" || tk.WindowEnd != "2026-11-15" ||
		tk.PointCount != wantPain || tk.Mentions != wantAll || tk.PrevPointCount != prevPain || tk.PrevMentions != prevAll ||
		tk.DepartmentID != "quality" || tk.Department == "" || tk.Indicator != "商品质量" || tk.Status != StatusOpen ||
		!tk.CreatedAt.Equal(now) || tk.Delivery.Status != DeliveryPending {
		t.Fatalf("task = %+v (direct count: %d of %d, previous %d of %d)", tk, wantPain, wantAll, prevPain, prevAll)
	}
	if wantPain != 26 || wantAll != 36 {
		t.Fatalf("fixture changed: %d of %d", wantPain, wantAll)
	}
	if !strings.Contains(tk.Reason, "share 72%") || !strings.Contains(tk.Reason, "8 → 26") {
		t.Fatalf("reason = %q", tk.Reason)
	}
	if !contains(tk.Indicators, "product_performance") {
		t.Fatalf("sub-indicators not counted: %v", tk.Indicators)
	}
	// Evidence: on topic (pains of the indicators), from the window, with record ids, newest first.
	if len(tk.Evidence) != 5 {
		t.Fatalf("evidence = %+v", tk.Evidence)
	}
	for i, ev := range tk.Evidence {
		if ev.Point != "pain" || !strings.HasPrefix(ev.RecordID, "w2") || ev.Time.Before(day("2026-11-09")) || !ev.Time.Before(day("2026-11-16")) ||
			ev.Text == "" || (i > 0 && ev.Time.After(tk.Evidence[i-1].Time)) {
			t.Fatalf("evidence %d = %+v", i, ev)
		}
		if ev.End <= ev.Start || string([]rune(ev.Text)[ev.Start:ev.End]) != ev.Term {
			t.Fatalf("evidence %d span %d..%d of %q is not %q", i, ev.Start, ev.End, ev.Text, ev.Term)
		}
	}
	// Once per rule window: evaluating again, later in the week, or from inside the window,
	// after a late record of that week, creates nothing.
	late := record(t, g, "late-1", day("2026-11-14").Add(20*time.Hour), qualityPains[0])
	if _, err := e.ins.Ingest(ctx, []insights.Record{late}); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{now, now.Add(48 * time.Hour), day("2026-11-13")} {
		if again, err := m.Evaluate(ctx, at); err != nil || len(again) != 0 {
			t.Fatalf("evaluate at %v again = %+v, %v", at, again, err)
		}
	}
	// The delivery carries the task with its evidence to the quality department.
	if d, x, err := m.DeliverPending(ctx); d != 1 || x != 0 || err != nil {
		t.Fatalf("deliver = %d, %d, %v", d, x, err)
	}
	if _, bad, got := rcv.snapshot(); bad != 0 || len(got) != 1 || got[0].Task.ID != tk.ID || len(got[0].Task.Evidence) != 5 {
		t.Fatalf("webhook got %+v (bad signatures %d)", got, bad)
	}

	// The lifecycle to verification: resolved on 20 Nov; in the week after, pains fall to 3
	// of 30.
	steps := []Step{{Action: ActionAck, By: "品控 王经理", At: now.Add(time.Hour)},
		{Action: ActionStart, By: "品控 李工", At: now.Add(2 * time.Hour), Note: "更换面料供应商"},
		{Action: ActionResolve, By: "品控 李工", At: day("2026-11-20").Add(17 * time.Hour), Note: "新批次已上架"}}
	for _, s := range steps {
		if _, err := m.Transition(ctx, tk.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	after := append(batch(t, g, "w4p", day("2026-11-21"), 3, qualityPains), batch(t, g, "w4g", day("2026-11-21"), 27, qualityPleasures)...)
	if _, err := e.ins.Ingest(ctx, after); err != nil {
		t.Fatal(err)
	}
	all = append(append(all, late), after...)
	// Verified on 24 Nov: the after window (21..27 Nov) is cut at the end of that day.
	partial, err := m.verification(ctx, mustGet(t, m, tk.ID), day("2026-11-24").Add(9*time.Hour))
	if err != nil || !partial.Partial || !partial.After.To.Equal(day("2026-11-25")) {
		t.Fatalf("partial verification = %+v, %v", partial, err)
	}
	done, err := m.Transition(ctx, tk.ID, Step{Action: ActionVerify, By: "王经理", At: day("2026-11-28").Add(9 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	v := done.Verification
	bp, ba := direct(all, day("2026-11-11"), day("2026-11-18")) // the 7 days before the day it was opened
	ap, aa := direct(all, day("2026-11-21"), day("2026-11-28")) // the 7 days after the day it was resolved
	z, p, _ := twoProportionZ(bp, ba, ap, aa)
	if done.Status != StatusVerified || v == nil || v.Partial || v.Before.Point != bp || v.Before.Mentions != ba || v.After.Point != ap || v.After.Mentions != aa ||
		v.Z != round4(z) || v.PValue != round4(p) || v.Verdict != VerdictImproved || !v.Significant ||
		!v.Before.From.Equal(day("2026-11-11")) || !v.After.From.Equal(day("2026-11-21")) {
		t.Fatalf("verification = %+v (direct: before %d/%d, after %d/%d)", v, bp, ba, ap, aa)
	}
	if ba == 0 || aa != 30 || ap != 3 {
		t.Fatalf("fixture: before %d/%d after %d/%d", bp, ba, ap, aa)
	}
	if len(done.History) != 4 || done.History[3].To != StatusVerified {
		t.Fatalf("history = %+v", done.History)
	}
}

func mustGet(t *testing.T, m *Manager, id string) *Task {
	t.Helper()
	tk, err := m.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return &tk
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func TestDecide(t *testing.T) {
	r := kg.RuleSpec{ID: "r", Point: "pain", MinMentions: 10, ShareAbove: 0.3, WowIncreaseAbove: 0.5}
	f := func(cur, prev tally, fire bool, reason string) {
		t.Helper()
		got, _, _, why := decide(r, 7, cur, prev)
		if got != fire || !strings.Contains(why, reason) {
			t.Fatalf("decide(%v, %v) = %v %q, want %v %q", cur, prev, got, why, fire, reason)
		}
	}
	f(tally{9, 9}, tally{}, false, "")                               // under min_mentions
	f(tally{0, 0}, tally{}, false, "")                               // nothing said
	f(tally{10, 3}, tally{}, false, "")                              // 30 %: not above
	f(tally{10, 4}, tally{}, true, "pain share 40% > 30% of 10")     // share
	f(tally{100, 20}, tally{100, 10}, true, "count 10 → 20 (+100%)") // week on week only
	f(tally{100, 15}, tally{100, 10}, false, "")                     // +50 %: not above
	f(tally{100, 20}, tally{0, 0}, false, "")                        // no previous count: no growth rule
	f(tally{10, 5}, tally{10, 2}, true, "mentions; pain count 2 → 5 (+150%)")
}
