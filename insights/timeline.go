package insights

import (
	"math"
	"sort"
	"time"

	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
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
	// P is the two-sided p-value of TwoProportionZ (pooled two-proportion z-test,
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

// voiceAgg builds the timeline and the brand table while a Summarizer reads the results.
type voiceAgg struct {
	days    map[string]*Period
	undated int64
	brands  map[string]*brandAcc
}

type brandAcc struct {
	records int64
	totals  Totals
	inds    map[string]*Totals // indicator name → its totals
}

func newVoiceAgg() *voiceAgg {
	return &voiceAgg{days: map[string]*Period{}, brands: map[string]*brandAcc{}}
}

// counted reports whether a mention is counted: mapped onto the graph and the customer's.
func counted(a *mention.Mention) bool { return a.KG != nil && Customer(a.Role) }

func (v *voiceAgg) add(res *SummaryRecord) {
	if res.Failed {
		return
	}
	var mentions, pain int64
	for i := range res.Mentions {
		if a := &res.Mentions[i]; counted(a) {
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
		b = &brandAcc{inds: map[string]*Totals{}}
		v.brands[res.Brand] = b
	}
	b.records++
	for i := range res.Mentions {
		a := &res.Mentions[i]
		if !counted(a) {
			continue
		}
		b.totals.Add(a.Point, a.Polarity)
		it := b.inds[a.KG.Indicator]
		if it == nil {
			it = &Totals{}
			b.inds[a.KG.Indicator] = it
		}
		it.Add(a.Point, a.Polarity)
	}
}

// shareOf is part / whole to 4 decimals, 0 when whole is 0.
func shareOf(part, whole int64) float64 {
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
		p.PainShare = shareOf(p.Pain, p.Mentions)
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
		w.PainShare = shareOf(w.Pain, w.Mentions)
		tl.Weeks = append(tl.Weeks, *w)
	}
	sort.Slice(tl.Weeks, func(i, j int) bool { return tl.Weeks[i].Start < tl.Weeks[j].Start })
	if n := len(tl.Weeks); n >= 2 {
		last, prev := tl.Weeks[n-1], tl.Weeks[n-2]
		lt, _ := time.Parse(time.DateOnly, last.Start)
		if lt.AddDate(0, 0, -7).Format(time.DateOnly) == prev.Start { // consecutive weeks only
			_, p, small := TwoProportionZ(prev.Pain, prev.Mentions, last.Pain, last.Mentions)
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
	for brand, b := range v.brands {
		t := b.totals
		r := BrandRow{Brand: brand, Records: b.records, Mentions: t.Mentions, Pain: t.Pain, Pleasure: t.Pleasure,
			PainShare: shareOf(t.Pain, t.Mentions), Net: shareOf(t.Positive-t.Negative, t.Mentions)}
		for ind, it := range b.inds {
			r.Indicators = append(r.Indicators, BrandIndicator{Indicator: ind, Mentions: it.Mentions, Pain: it.Pain,
				PainShare: shareOf(it.Pain, it.Mentions), Net: shareOf(it.Positive-it.Negative, it.Mentions)})
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
