package insights

import (
	"math"
	"sort"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
)

// Summary is what a job found, counted over its results: the aggregated part of a job's
// summary.json (package jobs adds the job's own section, timeline and brands). Only
// customer-voice mentions (Customer) are counted.
type Summary struct {
	Records     int64            `json:"records"`
	Analysed    int64            `json:"analysed"`
	Failed      int64            `json:"failed"`
	ErrorCodes  map[string]int64 `json:"error_codes"`
	Sentiment   map[string]int64 `json:"sentiment"`   // document labels
	PointTypes  map[string]int64 `json:"point_types"` // pain | itch | pleasure | none, over aspect mentions
	Mentions    int64            `json:"mentions"`    // aspect mentions
	Mapped      int64            `json:"mapped"`      // of which mapped onto the knowledge graph
	Industries  []Count          `json:"industries"`
	Stages      []Group          `json:"stages"`      // journey order
	Touchpoints []Group          `json:"touchpoints"` // journey order
	Indicators  []Group          `json:"indicators"`  // by mentions
	Departments []Group          `json:"departments"` // by pain points
	TopPains    []PointStat      `json:"top_pains"`
	TopItches   []PointStat      `json:"top_itches"`
	TopPleasure []PointStat      `json:"top_pleasures"`
	// UnknownTerms are aspect terms the graph could not place, most frequent first.
	UnknownTerms []TermCount `json:"unknown_terms"`
	// Timeline (when records carry an event time) and Brands (when they carry a brand):
	// customer-voice mentions and pain share per day and week, week on week, and per brand.
	Timeline *Timeline  `json:"timeline,omitempty"`
	Brands   []BrandRow `json:"brands,omitempty"`
}

// Count is a labelled count.
type Count struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// Group is the counters of one node of the graph (a stage, touchpoint, indicator or department).
type Group struct {
	Industry   string `json:"industry"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Stage      string `json:"stage,omitempty"`      // name of the stage (touchpoints)
	StageID    string `json:"stage_id,omitempty"`   // id of the stage (touchpoints)
	Department string `json:"department,omitempty"` // name (indicators)
	Order      int    `json:"-"`
	Totals
	Net   float64 `json:"net"`   // (positive − negative) / mentions, 3 decimals
	Score float64 `json:"score"` // 0–100: 50 × (net + 1), 1 decimal
	// TopPains names the aspects with the most pain points (departments only, at most 3).
	TopPains []string `json:"top_pains,omitempty"`
}

func (g *Group) finish() {
	g.Net = math.Round(g.Totals.Net()*1000) / 1000
	g.Score = math.Round(50*(g.Net+1)*10) / 10
}

// PointStat is one aspect as a pain, itch or pleasure point, with example sentences.
type PointStat struct {
	Industry   string   `json:"industry"`
	Aspect     string   `json:"aspect"`
	Indicator  string   `json:"indicator"`
	Department string   `json:"department"`
	Stage      string   `json:"stage"`
	Touchpoint string   `json:"touchpoint"`
	Count      int64    `json:"count"`
	Terms      []string `json:"terms"` // most frequent customer words first
	Examples   []string `json:"examples"`
	termCount  map[string]int64
}

// TermCount is a term the graph did not know.
type TermCount struct {
	Term     string `json:"term"`
	Industry string `json:"industry,omitempty"`
	Count    int64  `json:"count"`
	Example  string `json:"example"`
}

// SummaryRecord is what a Summarizer reads of one result (package jobs fills it from an
// engine.Result).
type SummaryRecord struct {
	Failed       bool   // the record failed: counted by ErrorCode, nothing else
	ErrorCode    string //
	Sentiment    string // document label; "" = none, not counted
	IndustryID   string // "" = unknown
	IndustryName string
	Mentions     []mention.Mention
	Sentences    []SummarySentence
	Time         string // event time, RFC 3339 (as a result echoes it); "" or unreadable = undated
	Brand        string // "" = none
}

// SummarySentence is a sentence of a result: its text, code-point span and label ("" = unscored).
type SummarySentence struct {
	Text       string
	Start, End int
	Label      string
}

const (
	maxExamples     = 3
	maxTopPoints    = 15
	maxUnknownTerms = 50
	maxTermsTracked = 200000 // bound on distinct unknown terms kept while counting
)

type nodeKey struct{ industry, id string }

// Summarizer aggregates results into a Summary in one streaming pass; memory is bounded by
// the size of the knowledge graph and the number of distinct unknown terms (200,000 kept).
// Not safe for concurrent use.
type Summarizer struct {
	s          *Summary
	g          *kg.Graph
	industries map[string]*Count
	stages     map[nodeKey]*Group
	touch      map[nodeKey]*Group
	indicators map[nodeKey]*Group
	depts      map[nodeKey]*Group
	points     map[string]map[nodeKey]*PointStat // point → aspect → stat
	unknown    map[nodeKey]*TermCount
	voice      *voiceAgg
}

// NewSummarizer returns an empty Summarizer; g (may be nil) gives the journey order and
// the stages and touchpoints listed with no mentions.
func NewSummarizer(g *kg.Graph) *Summarizer {
	return &Summarizer{s: &Summary{ErrorCodes: map[string]int64{}, Sentiment: map[string]int64{}, PointTypes: map[string]int64{}},
		g: g, industries: map[string]*Count{}, stages: map[nodeKey]*Group{}, touch: map[nodeKey]*Group{},
		indicators: map[nodeKey]*Group{}, depts: map[nodeKey]*Group{},
		points:  map[string]map[nodeKey]*PointStat{kg.PointPain: {}, kg.PointItch: {}, kg.PointPleasure: {}},
		unknown: map[nodeKey]*TermCount{}, voice: newVoiceAgg()}
}

// Summary is the summary being built; counts added to it directly (an error code counted
// elsewhere) are kept. Finish completes it.
func (a *Summarizer) Summary() *Summary { return a.s }

func group(m map[nodeKey]*Group, k nodeKey, name string) *Group {
	gr := m[k]
	if gr == nil {
		gr = &Group{Industry: k.industry, ID: k.id, Name: name}
		m[k] = gr
	}
	return gr
}

// Add counts one result.
func (a *Summarizer) Add(res *SummaryRecord) {
	s := a.s
	s.Records++
	a.voice.add(res)
	if res.Failed {
		s.Failed++
		s.ErrorCodes[res.ErrorCode]++
		return
	}
	s.Analysed++
	if res.Sentiment != "" {
		s.Sentiment[res.Sentiment]++
	}
	industry := res.IndustryID
	c := a.industries[industry]
	if c == nil {
		c = &Count{ID: industry, Name: res.IndustryName}
		if industry == "" {
			c.Name = "(unknown)"
		}
		a.industries[industry] = c
	}
	c.Count++
	for i := range res.Mentions {
		asp := &res.Mentions[i]
		if !Customer(asp.Role) { // agents' and system text: kept in results, never counted
			continue
		}
		s.Mentions++
		pt := asp.Point
		if pt == "" {
			pt = "none"
		}
		s.PointTypes[pt]++
		if asp.KG == nil {
			if asp.Term == "" {
				continue
			}
			k := nodeKey{industry, asp.Term}
			tc := a.unknown[k]
			if tc == nil {
				if len(a.unknown) >= maxTermsTracked {
					continue
				}
				tc = &TermCount{Term: asp.Term, Industry: industry, Example: sentenceOf(res, asp)}
				a.unknown[k] = tc
			}
			tc.Count++
			continue
		}
		s.Mapped++
		ids := asp.KG.IDs
		ind := ids["industry"]
		group(a.stages, nodeKey{ind, ids["stage"]}, asp.KG.Stage).Add(asp.Point, asp.Polarity)
		tg := group(a.touch, nodeKey{ind, ids["touchpoint"]}, asp.KG.Touchpoint)
		tg.Stage, tg.StageID = asp.KG.Stage, ids["stage"]
		tg.Add(asp.Point, asp.Polarity)
		ig := group(a.indicators, nodeKey{ind, ids["indicator"]}, asp.KG.Indicator)
		ig.Department = asp.KG.Department
		ig.Add(asp.Point, asp.Polarity)
		group(a.depts, nodeKey{ind, ids["department"]}, asp.KG.Department).Add(asp.Point, asp.Polarity)
		if m := a.points[asp.Point]; m != nil {
			k := nodeKey{ind, ids["aspect"]}
			ps := m[k]
			if ps == nil {
				ps = &PointStat{Industry: ind, Aspect: asp.KG.Aspect, Indicator: asp.KG.Indicator, Department: asp.KG.Department,
					Stage: asp.KG.Stage, Touchpoint: asp.KG.Touchpoint, termCount: map[string]int64{}}
				m[k] = ps
			}
			ps.Count++
			term := asp.Term
			if term == "" {
				term = asp.Opinion
			}
			if _, ok := ps.termCount[term]; ok || len(ps.termCount) < 64 {
				ps.termCount[term]++
			}
			if len(ps.Examples) < maxExamples && sentenceAgrees(res, asp) {
				ex := sentenceOf(res, asp)
				dup := false
				for _, e := range ps.Examples {
					dup = dup || e == ex
				}
				if !dup && ex != "" {
					ps.Examples = append(ps.Examples, ex)
				}
			}
		}
	}
}

// sentenceAgrees says whether the sentence holding a pain (pleasure) point reads negative
// (positive), so that examples show the point rather than a mixed review's other half.
func sentenceAgrees(res *SummaryRecord, asp *mention.Mention) bool {
	want := map[string]string{kg.PointPain: "negative", kg.PointPleasure: "positive"}[asp.Point]
	if want == "" {
		return true
	}
	for _, s := range res.Sentences {
		if asp.Start >= s.Start && asp.Start < s.End {
			return s.Label == "" || s.Label == want
		}
	}
	return true
}

// sentenceOf returns the sentence holding the mention (clipped), else the first sentence.
func sentenceOf(res *SummaryRecord, asp *mention.Mention) string {
	for _, s := range res.Sentences {
		if asp.Start >= s.Start && asp.Start < s.End {
			return clipRunes(s.Text, 120)
		}
	}
	if len(res.Sentences) > 0 {
		return clipRunes(res.Sentences[0].Text, 120)
	}
	return ""
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// stageOrder returns the journey order of stages (by pack order) for sorting.
func (a *Summarizer) stageOrder() map[nodeKey]int {
	o := map[nodeKey]int{}
	if a.g == nil {
		return o
	}
	for _, in := range a.g.Industries() {
		p, ok := a.g.Pack(in.ID)
		if !ok {
			continue
		}
		for i, st := range p.Stages {
			o[nodeKey{in.ID, st.ID}] = st.Order*1000 + i
		}
	}
	return o
}

// Finish sorts and completes the summary and returns it. Call it once, after the last Add.
func (a *Summarizer) Finish() *Summary {
	s := a.s
	for _, c := range a.industries {
		s.Industries = append(s.Industries, *c)
	}
	sort.Slice(s.Industries, func(i, j int) bool {
		if s.Industries[i].Count != s.Industries[j].Count {
			return s.Industries[i].Count > s.Industries[j].Count
		}
		return s.Industries[i].ID < s.Industries[j].ID
	})
	// The journey map shows every stage and touchpoint of an industry that has mentions.
	if a.g != nil {
		seen := map[string]bool{}
		for k := range a.stages {
			seen[k.industry] = true
		}
		for ind := range seen {
			p, ok := a.g.Pack(ind)
			if !ok {
				continue
			}
			for _, st := range p.Stages {
				group(a.stages, nodeKey{ind, st.ID}, st.Name)
			}
			stageName := map[string]string{}
			for _, st := range p.Stages {
				stageName[st.ID] = st.Name
			}
			for _, tp := range p.Touchpoints {
				g := group(a.touch, nodeKey{ind, tp.ID}, tp.Name)
				if g.Stage == "" {
					g.Stage, g.StageID = stageName[tp.Stage], tp.Stage
				}
			}
		}
	}
	order := a.stageOrder()
	// Touchpoints sort by their stage's journey order; find each touchpoint's stage id.
	tpStage := map[nodeKey]nodeKey{}
	if a.g != nil {
		for _, in := range a.g.Industries() {
			if p, ok := a.g.Pack(in.ID); ok {
				for _, tp := range p.Touchpoints {
					tpStage[nodeKey{in.ID, tp.ID}] = nodeKey{in.ID, tp.Stage}
				}
			}
		}
	}
	collect := func(m map[nodeKey]*Group) []Group {
		out := make([]Group, 0, len(m))
		for k, g := range m {
			g.finish()
			g.Order = order[k]
			if sk, ok := tpStage[k]; ok {
				g.Order = order[sk]
			}
			out = append(out, *g)
		}
		return out
	}
	byJourney := func(gs []Group) {
		sort.Slice(gs, func(i, j int) bool {
			if gs[i].Industry != gs[j].Industry {
				return gs[i].Industry < gs[j].Industry
			}
			if gs[i].Order != gs[j].Order {
				return gs[i].Order < gs[j].Order
			}
			if gs[i].Mentions != gs[j].Mentions {
				return gs[i].Mentions > gs[j].Mentions
			}
			return gs[i].ID < gs[j].ID
		})
	}
	s.Stages = collect(a.stages)
	byJourney(s.Stages)
	s.Touchpoints = collect(a.touch)
	byJourney(s.Touchpoints)
	s.Indicators = collect(a.indicators)
	sort.Slice(s.Indicators, func(i, j int) bool {
		if s.Indicators[i].Mentions != s.Indicators[j].Mentions {
			return s.Indicators[i].Mentions > s.Indicators[j].Mentions
		}
		return s.Indicators[i].Industry+s.Indicators[i].ID < s.Indicators[j].Industry+s.Indicators[j].ID
	})
	s.Departments = collect(a.depts)
	// Each department's worst aspects.
	type pa struct {
		name string
		n    int64
	}
	byDept := map[nodeKey][]pa{}
	for _, p := range a.points[kg.PointPain] {
		k := nodeKey{p.Industry, p.Department}
		byDept[k] = append(byDept[k], pa{p.Aspect, p.Count})
	}
	for i := range s.Departments {
		d := &s.Departments[i]
		ps := byDept[nodeKey{d.Industry, d.Name}]
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].n != ps[j].n {
				return ps[i].n > ps[j].n
			}
			return ps[i].name < ps[j].name
		})
		for k := 0; k < len(ps) && k < 3; k++ {
			d.TopPains = append(d.TopPains, ps[k].name)
		}
	}
	sort.Slice(s.Departments, func(i, j int) bool {
		if s.Departments[i].Pain != s.Departments[j].Pain {
			return s.Departments[i].Pain > s.Departments[j].Pain
		}
		return s.Departments[i].Industry+s.Departments[i].ID < s.Departments[j].Industry+s.Departments[j].ID
	})
	top := func(m map[nodeKey]*PointStat) []PointStat {
		out := make([]PointStat, 0, len(m))
		for _, p := range m {
			type tc struct {
				t string
				n int64
			}
			var ts []tc
			for t, n := range p.termCount {
				ts = append(ts, tc{t, n})
			}
			sort.Slice(ts, func(i, j int) bool {
				if ts[i].n != ts[j].n {
					return ts[i].n > ts[j].n
				}
				return ts[i].t < ts[j].t
			})
			for i := 0; i < len(ts) && i < 5; i++ {
				p.Terms = append(p.Terms, ts[i].t)
			}
			out = append(out, *p)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].Industry+out[i].Aspect < out[j].Industry+out[j].Aspect
		})
		if len(out) > maxTopPoints {
			out = out[:maxTopPoints]
		}
		return out
	}
	s.TopPains = top(a.points[kg.PointPain])
	s.TopItches = top(a.points[kg.PointItch])
	s.TopPleasure = top(a.points[kg.PointPleasure])
	for _, t := range a.unknown {
		s.UnknownTerms = append(s.UnknownTerms, *t)
	}
	sort.Slice(s.UnknownTerms, func(i, j int) bool {
		if s.UnknownTerms[i].Count != s.UnknownTerms[j].Count {
			return s.UnknownTerms[i].Count > s.UnknownTerms[j].Count
		}
		return s.UnknownTerms[i].Industry+s.UnknownTerms[i].Term < s.UnknownTerms[j].Industry+s.UnknownTerms[j].Term
	})
	if len(s.UnknownTerms) > maxUnknownTerms {
		s.UnknownTerms = s.UnknownTerms[:maxUnknownTerms]
	}
	s.Timeline, s.Brands = a.voice.timeline(), a.voice.brandRows()
	return s
}
