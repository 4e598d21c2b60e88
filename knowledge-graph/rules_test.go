package kg

import (
	"context"
	"strings"
	"testing"
)

func TestEvaluateRules(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir(), packDir(t, readShop(t)))
	defer s.Close()
	pain := func(ex string) MentionCount {
		return MentionCount{Industry: "shop", IndicatorID: "delivery_time", AspectID: "delivery_speed", Point: "pain", Polarity: "negative", Example: ex}
	}
	fine := MentionCount{Industry: "shop", IndicatorID: "delivery_time", AspectID: "delivery_speed", Point: "pleasure", Polarity: "positive", Count: 6}
	// Previous week (Nov 2..8): 2 pains of 8 mentions (25 %, below 30 %).
	if err := s.Record(ctx, day("2026-11-04"), []MentionCount{pain("物流太慢了"), pain("等了五天才到"), fine}); err != nil {
		t.Fatal(err)
	}
	// This week (Nov 9..15): 6 pains of 12 mentions (50 %), +200 % week on week.
	texts := []string{"快递一个星期都没到，太慢了", "物流慢得离谱", "发货太慢，催了三次", "到货比承诺晚了两天", "物流信息三天不更新", "送货太慢了，差评"}
	for i, ex := range texts {
		d := day("2026-11-10").AddDate(0, 0, i%3)
		if err := s.Record(ctx, d, []MentionCount{pain(ex)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Record(ctx, day("2026-11-12"), []MentionCount{fine}); err != nil {
		t.Fatal(err)
	}
	// Quality: 3 mentions only, below min_mentions 5 → no task.
	if err := s.Record(ctx, day("2026-11-12"), []MentionCount{{Industry: "shop", IndicatorID: "product_quality", AspectID: "quality", Point: "pain", Polarity: "negative", Count: 3, Example: "质量太差"}}); err != nil {
		t.Fatal(err)
	}

	now := day("2026-11-15").Add(15 * 3600e9)
	tasks, err := s.EvaluateRules(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 {
		t.Fatalf("tasks = %+v", tasks)
	}
	tk := tasks[0]
	if tk.ID != "shop.delivery_time_pain.20261115" || tk.PointCount != 6 || tk.Mentions != 12 || tk.PrevPointCount != 2 || tk.Share != 0.5 || tk.WowIncrease != 2 ||
		tk.DepartmentID != "logistics" || tk.Department != "物流部" || tk.Severity != "high" || tk.WindowStart != "2026-11-09" || tk.Status != TaskOpen {
		t.Fatalf("task = %+v", tk)
	}
	if !strings.Contains(tk.Reason, "share 50%") || !strings.Contains(tk.Reason, "2 → 6") {
		t.Fatalf("reason = %q", tk.Reason)
	}
	if len(tk.Evidence) != maxEvidencePerTask || tk.Evidence[0] != "送货太慢了，差评" {
		t.Fatalf("evidence = %q", tk.Evidence)
	}
	for _, e := range tk.Evidence {
		if e == "物流太慢了" {
			t.Fatal("evidence from the previous window")
		}
	}
	// Deduplicated per rule + window.
	again, err := s.EvaluateRules(ctx, now)
	if err != nil || len(again) != 0 {
		t.Fatalf("second evaluation = %+v, %v", again, err)
	}
	got, err := s.Tasks(ctx, TaskFilter{Industry: "shop", Department: "物流部", Status: TaskOpen})
	if err != nil || len(got) != 1 || got[0].ID != tk.ID || len(got[0].Evidence) != maxEvidencePerTask {
		t.Fatalf("Tasks = %+v, %v", got, err)
	}
	if got, _ := s.Tasks(ctx, TaskFilter{Department: "product"}); len(got) != 0 {
		t.Fatalf("filter by department = %+v", got)
	}
	if err := s.SetTaskStatus(ctx, tk.ID, TaskDone); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Tasks(ctx, TaskFilter{Status: TaskOpen}); len(got) != 0 {
		t.Fatalf("done task still open: %+v", got)
	}
	if err := s.SetTaskStatus(ctx, tk.ID, "whatever"); err == nil {
		t.Fatal("bad status accepted")
	}
	// A quiet week later: nothing fires.
	later, err := s.EvaluateRules(ctx, day("2026-11-30"))
	if err != nil || len(later) != 0 {
		t.Fatalf("quiet week = %+v, %v", later, err)
	}
}
