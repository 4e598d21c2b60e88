package jobs

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/record"
)

// Timeline is the job's time axis (summary.json "timeline"), present when records carry an
// event time: mapped customer-voice mentions and the share of them that are pain points,
// per day and per week (weeks start on Monday), and the last week against the one before.
type Timeline struct {
	Days       []Period    `json:"days"`
	Weeks      []Period    `json:"weeks"`
	WeekOnWeek *WeekChange `json:"week_on_week,omitempty"`
	Undated    int64       `json:"undated_records"` // analysed records without an event time
}

// Period is one day or week.
type Period struct {
	Start     string  `json:"start"` // 2006-01-02 (a week: its Monday)
	Records   int64   `json:"records"`
	Mentions  int64   `json:"mentions"` // mapped customer-voice mentions
	Pain      int64   `json:"pain"`
	PainShare float64 `json:"pain_share"` // pain / mentions, 0 when none
}

// WeekChange compares the last week of the data with the week before it.
type WeekChange struct {
	Week          string  `json:"week"`
	Previous      string  `json:"previous"`
	Mentions      int64   `json:"mentions"`
	PrevMentions  int64   `json:"previous_mentions"`
	PainShare     float64 `json:"pain_share"`
	PrevPainShare float64 `json:"previous_pain_share"`
	Change        float64 `json:"change"` // pain share difference, percentage points
	// P is the two-sided p-value of insights.TwoProportionZ (pooled two-proportion z-test,
	// mentions taken as independent trials); Significant: P < 0.05 and no expected count
	// under 5 (Small).
	P           float64 `json:"p"`
	Small       bool    `json:"small_sample"`
	Significant bool    `json:"significant"`
}

// BrandRow is one brand of the brand comparison (summary.json "brands"), present when
// records carry a brand: its mapped customer-voice mentions, pain share, net sentiment and
// per-indicator pain shares.
type BrandRow struct {
	Brand      string           `json:"brand"`
	Records    int64            `json:"records"`
	Mentions   int64            `json:"mentions"`
	Pain       int64            `json:"pain"`
	Pleasure   int64            `json:"pleasure"`
	PainShare  float64          `json:"pain_share"`
	Net        float64          `json:"net"` // (positive − negative) / mentions
	Indicators []BrandIndicator `json:"indicators"`
}

// BrandIndicator is one indicator of one brand.
type BrandIndicator struct {
	Indicator string  `json:"indicator"`
	Mentions  int64   `json:"mentions"`
	Pain      int64   `json:"pain"`
	PainShare float64 `json:"pain_share"`
	Net       float64 `json:"net"`
}

// voiceAgg builds the timeline and the brand table while Summarize streams the results.
type voiceAgg struct {
	days    map[string]*Period
	undated int64
	brands  map[string]*brandAcc
}

type brandAcc struct {
	row  BrandRow
	pos  int64
	neg  int64
	inds map[string]*indAcc
}

type indAcc struct {
	BrandIndicator
	pos, neg int64
}

func newVoiceAgg() *voiceAgg {
	return &voiceAgg{days: map[string]*Period{}, brands: map[string]*brandAcc{}}
}

// counted reports whether a mention is counted: mapped onto the graph and the customer's.
func counted(a *engine.Aspect) bool { return a.KG != nil && record.CustomerVoice(a.Role) }

func (v *voiceAgg) add(res *engine.Result) {
	if res.Error != nil {
		return
	}
	var mentions, pain int64
	for i := range res.Aspects {
		if a := &res.Aspects[i]; counted(a) {
			mentions++
			if a.Point == kg.PointPain {
				pain++
			}
		}
	}
	if t, err := time.Parse(time.RFC3339, res.Time); res.Time != "" && err == nil {
		d := t.Format(time.DateOnly)
		p := v.days[d]
		if p == nil {
			p = &Period{Start: d}
			v.days[d] = p
		}
		p.Records++
		p.Mentions += mentions
		p.Pain += pain
	} else {
		v.undated++
	}
	if res.Brand == "" {
		return
	}
	b := v.brands[res.Brand]
	if b == nil {
		b = &brandAcc{row: BrandRow{Brand: res.Brand}, inds: map[string]*indAcc{}}
		v.brands[res.Brand] = b
	}
	b.row.Records++
	for i := range res.Aspects {
		a := &res.Aspects[i]
		if !counted(a) {
			continue
		}
		b.row.Mentions++
		ia := b.inds[a.KG.Indicator]
		if ia == nil {
			ia = &indAcc{BrandIndicator: BrandIndicator{Indicator: a.KG.Indicator}}
			b.inds[a.KG.Indicator] = ia
		}
		ia.Mentions++
		switch a.Point {
		case kg.PointPain:
			b.row.Pain++
			ia.Pain++
		case kg.PointPleasure:
			b.row.Pleasure++
		}
		switch a.Polarity {
		case "positive":
			b.pos++
			ia.pos++
		case "negative":
			b.neg++
			ia.neg++
		}
	}
}

func share(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)/float64(whole)*10000) / 10000
}

// timeline returns nil when no record has an event time.
func (v *voiceAgg) timeline() *Timeline {
	if len(v.days) == 0 {
		return nil
	}
	tl := &Timeline{Undated: v.undated}
	weeks := map[string]*Period{}
	for _, p := range v.days {
		p.PainShare = share(p.Pain, p.Mentions)
		tl.Days = append(tl.Days, *p)
		t, _ := time.Parse(time.DateOnly, p.Start)
		ws := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format(time.DateOnly)
		w := weeks[ws]
		if w == nil {
			w = &Period{Start: ws}
			weeks[ws] = w
		}
		w.Records += p.Records
		w.Mentions += p.Mentions
		w.Pain += p.Pain
	}
	sort.Slice(tl.Days, func(i, j int) bool { return tl.Days[i].Start < tl.Days[j].Start })
	for _, w := range weeks {
		w.PainShare = share(w.Pain, w.Mentions)
		tl.Weeks = append(tl.Weeks, *w)
	}
	sort.Slice(tl.Weeks, func(i, j int) bool { return tl.Weeks[i].Start < tl.Weeks[j].Start })
	if n := len(tl.Weeks); n >= 2 {
		last, prev := tl.Weeks[n-1], tl.Weeks[n-2]
		lt, _ := time.Parse(time.DateOnly, last.Start)
		if lt.AddDate(0, 0, -7).Format(time.DateOnly) == prev.Start { // consecutive weeks only
			_, p, small := insights.TwoProportionZ(prev.Pain, prev.Mentions, last.Pain, last.Mentions)
			tl.WeekOnWeek = &WeekChange{Week: last.Start, Previous: prev.Start, Mentions: last.Mentions, PrevMentions: prev.Mentions,
				PainShare: last.PainShare, PrevPainShare: prev.PainShare,
				Change: math.Round((last.PainShare-prev.PainShare)*1000) / 10,
				P:      math.Round(p*10000) / 10000, Small: small, Significant: p < 0.05 && !small}
		}
	}
	return tl
}

// brandRows returns nil when no record has a brand; brands by mentions, each brand's
// indicators by mentions.
func (v *voiceAgg) brandRows() []BrandRow {
	var out []BrandRow
	for _, b := range v.brands {
		r := b.row
		r.PainShare = share(r.Pain, r.Mentions)
		r.Net = share(b.pos-b.neg, r.Mentions)
		for _, ia := range b.inds {
			x := ia.BrandIndicator
			x.PainShare = share(x.Pain, x.Mentions)
			x.Net = share(ia.pos-ia.neg, x.Mentions)
			r.Indicators = append(r.Indicators, x)
		}
		sort.Slice(r.Indicators, func(i, j int) bool {
			if r.Indicators[i].Mentions != r.Indicators[j].Mentions {
				return r.Indicators[i].Mentions > r.Indicators[j].Mentions
			}
			return r.Indicators[i].Indicator < r.Indicators[j].Indicator
		})
		if r.Indicators == nil {
			r.Indicators = []BrandIndicator{}
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Mentions != out[j].Mentions {
			return out[i].Mentions > out[j].Mentions
		}
		return out[i].Brand < out[j].Brand
	})
	return out
}

// brandTable is the report's brand comparison: one row per indicator (most mentioned
// overall first, at most 12), one column per brand (at most 6) with pain share and n.
type brandTable struct {
	Brands []string
	Rows   []brandTableRow
}

type brandTableRow struct {
	Indicator string
	Cells     []string
}

func makeBrandTable(rows []BrandRow) *brandTable {
	if len(rows) == 0 {
		return nil
	}
	if len(rows) > 6 {
		rows = rows[:6]
	}
	t := &brandTable{}
	total := map[string]int64{}
	for _, r := range rows {
		t.Brands = append(t.Brands, r.Brand)
		for _, in := range r.Indicators {
			total[in.Indicator] += in.Mentions
		}
	}
	inds := make([]string, 0, len(total))
	for k := range total {
		inds = append(inds, k)
	}
	sort.Slice(inds, func(i, j int) bool {
		if total[inds[i]] != total[inds[j]] {
			return total[inds[i]] > total[inds[j]]
		}
		return inds[i] < inds[j]
	})
	if len(inds) > 12 {
		inds = inds[:12]
	}
	cell := func(x BrandIndicator) string {
		return fmt.Sprintf("%.0f%% 痛点 · 净%+.2f · n=%d", 100*x.PainShare, x.Net, x.Mentions)
	}
	all := brandTableRow{Indicator: "全部指标"}
	for _, r := range rows {
		all.Cells = append(all.Cells, cell(BrandIndicator{Mentions: r.Mentions, PainShare: r.PainShare, Net: r.Net}))
	}
	t.Rows = append(t.Rows, all)
	for _, ind := range inds {
		row := brandTableRow{Indicator: ind}
		for _, r := range rows {
			c := "—"
			for _, x := range r.Indicators {
				if x.Indicator == ind {
					c = cell(x)
				}
			}
			row.Cells = append(row.Cells, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// weekLabel renders a week-on-week change for the report.
func weekLabel(w *WeekChange) string {
	if w == nil {
		return ""
	}
	arrow := "持平"
	switch {
	case w.Change > 0:
		arrow = "上升"
	case w.Change < 0:
		arrow = "下降"
	}
	sig := fmt.Sprintf("双比例 z 检验 p = %.3f，", w.P)
	switch {
	case w.Small:
		sig += "样本太小，不作判断"
	case w.Significant:
		sig += "显著（p < 0.05）"
	default:
		sig += "不显著"
	}
	return strings.TrimSpace(fmt.Sprintf("%s 起一周：痛点占比 %.1f%%（%d 次提及），上一周 %.1f%%（%d 次提及），%s %.1f 个百分点（%s）",
		w.Week, 100*w.PainShare, w.Mentions, 100*w.PrevPainShare, w.PrevMentions, arrow, math.Abs(w.Change), sig))
}
