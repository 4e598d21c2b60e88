package insights

import (
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

func TestTotalsAdd(t *testing.T) {
	f := func(point, polarity string, want Totals) {
		t.Helper()
		var got Totals
		got.Add(point, polarity)
		if got != want {
			t.Errorf("Add(%q, %q) = %+v, want %+v", point, polarity, got, want)
		}
	}
	f("pain", "negative", Totals{Mentions: 1, Pain: 1, Negative: 1})
	f("itch", "neutral", Totals{Mentions: 1, Itch: 1, Neutral: 1})
	f("pleasure", "positive", Totals{Mentions: 1, Pleasure: 1, Positive: 1})
	f("", "negative", Totals{Mentions: 1, Negative: 1})
	f("pain", "", Totals{Mentions: 1, Pain: 1, Neutral: 1}) // no polarity: neutral in a summary
}

// ref places a mention on the graph by hand (the summarizer only reads names and ids).
func ref(ind, stage, tp, indicator, aspect, dept string) *mention.KGRef {
	return &mention.KGRef{Industry: ind, Stage: stage, Touchpoint: tp, Indicator: indicator, Aspect: aspect, Department: dept,
		IDs: map[string]string{"industry": ind, "stage": "s-" + stage, "touchpoint": "t-" + tp, "indicator": "i-" + indicator,
			"aspect": "a-" + aspect, "department": "d-" + dept}}
}

// TestSummarizer: customer voice only; unknown terms; failures counted by code; groups
// carry Totals with Net and Score; examples come from sentences that agree with the point.
func TestSummarizer(t *testing.T) {
	taste := ref("food_delivery", "用餐", "菜品", "口味", "味道", "厨房")
	speed := ref("food_delivery", "配送", "骑手", "配送速度", "送餐速度", "配送部")
	recs := []SummaryRecord{
		{Sentiment: "negative", IndustryID: "food_delivery", IndustryName: "外卖",
			Sentences: []SummarySentence{{Text: "味道太咸了，", Start: 0, End: 6, Label: "negative"}, {Text: "送餐很快。", Start: 6, End: 11, Label: "positive"}},
			Mentions: []mention.Mention{
				{Term: "味道", Opinion: "太咸", Polarity: "negative", Point: "pain", Start: 0, End: 2, KG: taste},
				{Term: "送餐", Opinion: "很快", Polarity: "positive", Point: "pleasure", Start: 6, End: 8, KG: speed},
				{Term: "包装盒", Opinion: "破了", Polarity: "negative", Point: "pain", Start: 0, End: 3},
				{Term: "味道", Opinion: "不错", Polarity: "positive", Point: "pleasure", Start: 0, End: 2, KG: taste, Role: "agent"},
			}},
		{Sentiment: "positive", Sentences: []SummarySentence{{Text: "味道还行。", Start: 0, End: 5, Label: "positive"}},
			Mentions: []mention.Mention{{Term: "味道", Opinion: "还行", Polarity: "positive", Point: "pain", Start: 0, End: 2, KG: taste}}},
		{Failed: true, ErrorCode: "missing_text"},
	}
	a := NewSummarizer(nil)
	for i := range recs {
		a.Add(&recs[i])
	}
	s := a.Finish()
	if s.Records != 3 || s.Analysed != 2 || s.Failed != 1 || s.ErrorCodes["missing_text"] != 1 {
		t.Errorf("records %d analysed %d failed %d codes %v", s.Records, s.Analysed, s.Failed, s.ErrorCodes)
	}
	if s.Mentions != 4 || s.Mapped != 3 || s.PointTypes["pain"] != 3 || s.PointTypes["pleasure"] != 1 {
		t.Errorf("mentions %d mapped %d points %v (the agent's mention must not count)", s.Mentions, s.Mapped, s.PointTypes)
	}
	if len(s.Industries) != 2 || s.Industries[0].Name != "(unknown)" && s.Industries[1].Name != "(unknown)" {
		t.Errorf("industries %+v", s.Industries)
	}
	if len(s.UnknownTerms) != 1 || s.UnknownTerms[0].Term != "包装盒" || s.UnknownTerms[0].Example != "味道太咸了，" {
		t.Errorf("unknown terms %+v", s.UnknownTerms)
	}
	var kou *Group
	for i := range s.Indicators {
		if s.Indicators[i].Name == "口味" {
			kou = &s.Indicators[i]
		}
	}
	if kou == nil || kou.Totals != (Totals{Mentions: 2, Pain: 2, Positive: 1, Negative: 1}) || kou.Net != 0 || kou.Score != 50 || kou.Department != "厨房" {
		t.Errorf("口味 group %+v", kou)
	}
	// The second pain of 味道 sits in a positive sentence: counted, not an example.
	if len(s.TopPains) != 1 || s.TopPains[0].Count != 2 || len(s.TopPains[0].Examples) != 1 || s.TopPains[0].Examples[0] != "味道太咸了，" ||
		len(s.TopPains[0].Terms) != 1 || s.TopPains[0].Terms[0] != "味道" {
		t.Errorf("top pains %+v", s.TopPains)
	}
	if len(s.Departments) != 2 || s.Departments[0].Name != "厨房" || len(s.Departments[0].TopPains) != 1 || s.Departments[0].TopPains[0] != "味道" {
		t.Errorf("departments %+v", s.Departments)
	}
}

// TestSummarizerVoice: the timeline counts mapped customer mentions per event day, the
// brand table per brand and indicator; undated and failed records stay out of the days.
func TestSummarizerVoice(t *testing.T) {
	taste := ref("food_delivery", "用餐", "菜品", "口味", "味道", "厨房")
	m := func(point, polarity string) mention.Mention {
		return mention.Mention{Term: "味道", Opinion: "一般", Polarity: polarity, Point: point, KG: taste}
	}
	recs := []SummaryRecord{
		{Time: "2026-11-23T10:00:00+08:00", Brand: "本品牌", Mentions: []mention.Mention{m("pain", "negative"), m("pain", "negative")}},
		{Time: "2026-11-30T10:00:00+08:00", Brand: "本品牌", Mentions: []mention.Mention{m("pleasure", "positive"), {Term: "包装", Polarity: "negative", Point: "pain"}}},
		{Time: "2026-11-30T11:00:00+08:00", Brand: "竞品", Mentions: []mention.Mention{m("pain", "negative")}},
		{Brand: "竞品"},
		{Failed: true, ErrorCode: "missing_text", Time: "2026-11-30T11:00:00+08:00"},
	}
	a := NewSummarizer(nil)
	for i := range recs {
		a.Add(&recs[i])
	}
	s := a.Finish()
	tl := s.Timeline
	if tl == nil || len(tl.Days) != 2 || tl.Undated != 1 || tl.Days[0] != (Period{Start: "2026-11-23", Records: 1, Mentions: 2, Pain: 2, PainShare: 1}) ||
		tl.Days[1] != (Period{Start: "2026-11-30", Records: 2, Mentions: 2, Pain: 1, PainShare: 0.5}) {
		t.Fatalf("timeline %+v", tl)
	}
	if w := tl.WeekOnWeek; w == nil || w.Week != "2026-11-30" || w.Previous != "2026-11-23" || w.Change != -50 || !w.Small {
		t.Errorf("week on week %+v", w)
	}
	if len(s.Brands) != 2 || s.Brands[0].Brand != "本品牌" || s.Brands[0].Mentions != 3 || s.Brands[0].Pain != 2 || s.Brands[0].Net != -0.3333 ||
		s.Brands[1].Records != 2 || len(s.Brands[1].Indicators) != 1 || s.Brands[1].Indicators[0].Net != -1 {
		t.Errorf("brands %+v", s.Brands)
	}
}
