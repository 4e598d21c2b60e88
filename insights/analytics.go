package insights

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"
)

// Defaults of the query API.
const (
	DefaultTopN       = 10
	DefaultAlpha      = 0.05 // significance level of Compare and Channels
	DefaultLambda     = 1.0  // L2 penalty of Drivers
	DefaultMinSupport = 5    // Drivers: records a feature needs to enter the model
	maxPeriods        = 3660
)

func checkPoint(p string) (string, error) {
	switch p {
	case "":
		return "pain", nil
	case "pain", "itch", "pleasure", "negative", "positive", "neutral":
		return p, nil
	}
	return "", badf("point %q: not pain, itch, pleasure, negative, neutral or positive", p)
}

func share(x, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(x) / float64(n)
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func (s *Store) kindName(industry, by, id string) string {
	switch by {
	case "indicator", "aspect", "department":
		if industry != "" {
			return s.Name(industry, by, id)
		}
	}
	return id
}

// TopQuery asks for the keys with the most points of one kind.
type TopQuery struct {
	Filter
	Point string // pain (default) | itch | pleasure | negative | neutral | positive
	By    string // indicator (default) | department | aspect | any CountsBy key
	N     int    // default DefaultTopN; < 0 = all
}

// TopItem is one key's count of the point.
type TopItem struct {
	Key      string  `json:"key"`
	Name     string  `json:"name"`
	Count    int64   `json:"count"`    // mentions of the point
	Mentions int64   `json:"mentions"` // all counted mentions of the key
	Records  int64   `json:"records"`  // records with a verdict on the key (0 for aspects)
	Share    float64 `json:"share"`    // count / mentions
	Net      float64 `json:"net"`      // (positive − negative) / mentions
}

// TopResult is Top's answer.
type TopResult struct {
	Point string    `json:"point"`
	By    string    `json:"by"`
	Items []TopItem `json:"items"`
	Total int64     `json:"total"` // the point's mentions over all keys
}

// Top returns the keys (indicators, departments, aspects …) with the most mentions of a
// point kind under the filter, most first.
func (s *Store) Top(ctx context.Context, q TopQuery) (TopResult, error) {
	p, err := checkPoint(q.Point)
	if err != nil {
		return TopResult{}, fmt.Errorf("insights top: %w", err)
	}
	if q.By == "" {
		q.By = "indicator"
	}
	if q.N == 0 {
		q.N = DefaultTopN
	}
	by, err := s.CountsBy(ctx, q.Filter, q.By)
	if err != nil {
		return TopResult{}, fmt.Errorf("insights top: %w", err)
	}
	res := TopResult{Point: p, By: q.By, Items: []TopItem{}}
	for k, c := range by {
		x := c.Point(p)
		res.Total += x
		if x == 0 {
			continue
		}
		res.Items = append(res.Items, TopItem{Key: k, Name: s.kindName(q.Industry, q.By, k), Count: x, Mentions: c.Mentions, Records: c.Records,
			Share: round4(share(x, c.Mentions)), Net: round4(c.Net())})
	}
	sort.Slice(res.Items, func(i, j int) bool {
		a, b := res.Items[i], res.Items[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Key < b.Key
	})
	if q.N > 0 && len(res.Items) > q.N {
		res.Items = res.Items[:q.N]
	}
	return res, nil
}

// TrendPoint is one period's counters.
type TrendPoint struct {
	Period string    `json:"period"` // 2006-01-02 (day, week: its Monday) or 2006-01 (month)
	Start  time.Time `json:"start"`
	Counts
	Net       float64 `json:"net"`
	PainShare float64 `json:"pain_share"` // pain / mentions
}

// Trend returns the counters per day, week (from Monday) or month under the filter. With
// From and To every period in between is listed (zero when empty); otherwise only periods
// with counts.
func (s *Store) Trend(ctx context.Context, f Filter, every string) ([]TrendPoint, error) {
	if every == "" {
		every = "day"
	}
	if every != "day" && every != "week" && every != "month" {
		return nil, badf("insights trend: every %q: not day, week or month", every)
	}
	by, err := s.CountsBy(ctx, f, every)
	if err != nil {
		return nil, fmt.Errorf("insights trend: %w", err)
	}
	var keys []string
	if !f.From.IsZero() && !f.To.IsZero() {
		seen := map[string]bool{}
		t := dayStart(f.From.In(s.opt.Location))
		for t.Before(f.To) {
			k := periodKey(t, every)
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
				if len(keys) > maxPeriods {
					return nil, badf("insights trend: more than %d periods", maxPeriods)
				}
			}
			t = t.AddDate(0, 0, 1)
		}
	} else {
		for k := range by {
			keys = append(keys, k)
		}
		sort.Strings(keys)
	}
	out := make([]TrendPoint, 0, len(keys))
	for _, k := range keys {
		c := by[k]
		layout := "2006-01-02"
		if every == "month" {
			layout = "2006-01"
		}
		start, _ := time.ParseInLocation(layout, k, s.opt.Location)
		out = append(out, TrendPoint{Period: k, Start: start, Counts: c, Net: round4(c.Net()), PainShare: round4(share(c.Pain, c.Mentions))})
	}
	return out, nil
}

// CompareQuery compares the filter's period [From, To) with the one before it (same
// length, ending at From) unless PrevFrom/PrevTo are given.
type CompareQuery struct {
	Filter
	PrevFrom, PrevTo time.Time
	Point            string  // pain (default) | itch | pleasure | negative | neutral | positive
	By               string  // indicator (default) | department | aspect | channel | … | "total"
	Alpha            float64 // default DefaultAlpha
}

// Change is one key's point share in the previous and the current period.
type Change struct {
	Key           string  `json:"key"`
	Name          string  `json:"name"`
	Prev          Counts  `json:"prev"`
	Cur           Counts  `json:"cur"`
	PrevShare     float64 `json:"prev_share"` // point / mentions
	CurShare      float64 `json:"cur_share"`
	Change        float64 `json:"change"`         // cur_share − prev_share
	CountChange   int64   `json:"count_change"`   // cur − prev point mentions
	MentionsRatio float64 `json:"mentions_ratio"` // cur / prev mentions; 0 when prev has none
	Z             float64 `json:"z"`
	P             float64 `json:"p"` // two-sided
	Significant   bool    `json:"significant"`
	// SmallSample is true when an expected count of the test is under 5: the normal
	// approximation is rough and Significant is not set.
	SmallSample bool `json:"small_sample,omitempty"`
}

// CompareResult is Compare's answer.
type CompareResult struct {
	Point    string    `json:"point"`
	By       string    `json:"by"`
	Test     string    `json:"test"`
	Alpha    float64   `json:"alpha"`
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	PrevFrom time.Time `json:"prev_from"`
	PrevTo   time.Time `json:"prev_to"`
	Items    []Change  `json:"items"`
}

const compareTest = "two-proportion z-test, pooled, two-sided, on the point's share of the key's mentions (mentions taken as independent trials)"

// TwoProportionZ is the pooled two-proportion z-test of x1/n1 against x2/n2: z (positive
// when the second share is larger) and the two-sided p-value. small reports an expected
// count under 5 in either sample. n1 or n2 zero gives z 0, p 1.
func TwoProportionZ(x1, n1, x2, n2 int64) (z, p float64, small bool) {
	if n1 <= 0 || n2 <= 0 {
		return 0, 1, true
	}
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pool := float64(x1+x2) / float64(n1+n2)
	for _, n := range []int64{n1, n2} {
		if float64(n)*pool < 5 || float64(n)*(1-pool) < 5 {
			small = true
		}
	}
	se := math.Sqrt(pool * (1 - pool) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 0, 1, small
	}
	z = (p2 - p1) / se
	return z, math.Erfc(math.Abs(z) / math.Sqrt2), small
}

// Compare lists each key's share of the point in the current and previous period, with
// the change and a two-proportion z-test; significant changes first, then by |change|.
func (s *Store) Compare(ctx context.Context, q CompareQuery) (CompareResult, error) {
	p, err := checkPoint(q.Point)
	if err != nil {
		return CompareResult{}, fmt.Errorf("insights compare: %w", err)
	}
	if q.From.IsZero() || q.To.IsZero() {
		return CompareResult{}, badf("insights compare: the current period needs from and to")
	}
	if q.PrevFrom.IsZero() && q.PrevTo.IsZero() {
		q.PrevTo = q.From
		q.PrevFrom = q.From.Add(-q.To.Sub(q.From))
		if d := q.To.Sub(q.From); d%(24*time.Hour) == 0 { // whole days: step by calendar days (DST)
			q.PrevFrom = q.From.AddDate(0, 0, -int(d/(24*time.Hour)))
		}
	}
	if q.By == "" {
		q.By = "indicator"
	}
	if q.Alpha <= 0 || q.Alpha >= 1 {
		q.Alpha = DefaultAlpha
	}
	get := func(f Filter) (map[string]Counts, error) {
		if q.By == "total" {
			c, err := s.Counts(ctx, f)
			return map[string]Counts{"total": c}, err
		}
		return s.CountsBy(ctx, f, q.By)
	}
	cur, err := get(q.Filter)
	if err != nil {
		return CompareResult{}, fmt.Errorf("insights compare: %w", err)
	}
	pf := q.Filter
	pf.From, pf.To = q.PrevFrom, q.PrevTo
	prev, err := get(pf)
	if err != nil {
		return CompareResult{}, fmt.Errorf("insights compare (previous period): %w", err)
	}
	res := CompareResult{Point: p, By: q.By, Test: compareTest, Alpha: q.Alpha, From: q.From, To: q.To, PrevFrom: q.PrevFrom, PrevTo: q.PrevTo, Items: []Change{}}
	keys := map[string]bool{}
	for k := range cur {
		keys[k] = true
	}
	for k := range prev {
		keys[k] = true
	}
	for k := range keys {
		a, b := prev[k], cur[k]
		if a.Mentions == 0 && b.Mentions == 0 {
			continue
		}
		c := Change{Key: k, Name: s.kindName(q.Industry, q.By, k), Prev: a, Cur: b, PrevShare: round4(share(a.Point(p), a.Mentions)), CurShare: round4(share(b.Point(p), b.Mentions)),
			CountChange: b.Point(p) - a.Point(p)}
		c.Change = round4(share(b.Point(p), b.Mentions) - share(a.Point(p), a.Mentions))
		if a.Mentions > 0 {
			c.MentionsRatio = round4(float64(b.Mentions) / float64(a.Mentions))
		}
		z, pv, small := TwoProportionZ(a.Point(p), a.Mentions, b.Point(p), b.Mentions)
		c.Z, c.P, c.SmallSample = round4(z), pv, small
		c.Significant = !small && pv < q.Alpha
		res.Items = append(res.Items, c)
	}
	sort.Slice(res.Items, func(i, j int) bool {
		a, b := res.Items[i], res.Items[j]
		if a.Significant != b.Significant {
			return a.Significant
		}
		if math.Abs(a.Change) != math.Abs(b.Change) {
			return math.Abs(a.Change) > math.Abs(b.Change)
		}
		return a.Key < b.Key
	})
	return res, nil
}

// BenchmarkQuery compares a brand with competitors and the whole industry (本品牌、竞品、
// 行业对标). Filter.Dims.Brand is ignored; the other filters apply to all three.
type BenchmarkQuery struct {
	Filter
	Brand       string   // ours (required)
	Competitors []string // listed competitors; empty: every other brand seen
	Point       string   // pain (default) | …
	By          string   // indicator (default) | department | aspect
}

// BenchSide is one side's counters on a key.
type BenchSide struct {
	Counts
	Share float64 `json:"share"` // point / mentions
	Net   float64 `json:"net"`
}

// BenchRow is one key across brand, competitors and industry.
type BenchRow struct {
	Key         string               `json:"key"`
	Name        string               `json:"name"`
	Brand       BenchSide            `json:"brand"`
	Competitors BenchSide            `json:"competitors"` // the listed competitors together
	Each        map[string]BenchSide `json:"each"`        // per competitor
	Industry    BenchSide            `json:"industry"`    // all records of the industry under the filter, every brand
	// VsCompetitors and VsIndustry are the brand's share minus theirs (positive: the
	// brand has more of the point); Z and P test brand against competitors.
	VsCompetitors float64 `json:"vs_competitors"`
	VsIndustry    float64 `json:"vs_industry"`
	Z             float64 `json:"z"`
	P             float64 `json:"p"`
	Significant   bool    `json:"significant"`
}

// BenchmarkResult is Benchmark's answer.
type BenchmarkResult struct {
	Brand       string     `json:"brand"`
	Competitors []string   `json:"competitors"`
	Point       string     `json:"point"`
	By          string     `json:"by"`
	Test        string     `json:"test"`
	Rows        []BenchRow `json:"rows"`
}

func side(c Counts, p string) BenchSide {
	return BenchSide{Counts: c, Share: round4(share(c.Point(p), c.Mentions)), Net: round4(c.Net())}
}

// Benchmark returns, per key (indicator by default), the point share and net sentiment of
// the brand, its competitors (together and each) and the industry; rows ordered by how
// much worse the brand is than its competitors.
func (s *Store) Benchmark(ctx context.Context, q BenchmarkQuery) (BenchmarkResult, error) {
	p, err := checkPoint(q.Point)
	if err != nil {
		return BenchmarkResult{}, fmt.Errorf("insights benchmark: %w", err)
	}
	if q.Brand == "" {
		return BenchmarkResult{}, badf("insights benchmark: no brand given (brand=…)")
	}
	if q.By == "" {
		q.By = "indicator"
	}
	f := q.Filter
	f.Dims.Brand = ""
	if len(q.Competitors) == 0 {
		brands, err := s.CountsBy(ctx, f, "brand")
		if err != nil {
			return BenchmarkResult{}, fmt.Errorf("insights benchmark: %w", err)
		}
		for b := range brands {
			if b != "" && b != q.Brand {
				q.Competitors = append(q.Competitors, b)
			}
		}
		sort.Strings(q.Competitors)
	}
	industry, err := s.CountsBy(ctx, f, q.By)
	if err != nil {
		return BenchmarkResult{}, fmt.Errorf("insights benchmark: %w", err)
	}
	bf := f
	bf.Dims.Brand = q.Brand
	ours, err := s.CountsBy(ctx, bf, q.By)
	if err != nil {
		return BenchmarkResult{}, fmt.Errorf("insights benchmark: %w", err)
	}
	each := map[string]map[string]Counts{}
	for _, c := range q.Competitors {
		cf := f
		cf.Dims.Brand = c
		if each[c], err = s.CountsBy(ctx, cf, q.By); err != nil {
			return BenchmarkResult{}, fmt.Errorf("insights benchmark %s: %w", c, err)
		}
	}
	res := BenchmarkResult{Brand: q.Brand, Competitors: q.Competitors, Point: p, By: q.By, Test: compareTest + "; brand against competitors together", Rows: []BenchRow{}}
	for k, ic := range industry {
		if ic.Mentions == 0 {
			continue
		}
		row := BenchRow{Key: k, Name: s.kindName(q.Industry, q.By, k), Brand: side(ours[k], p), Industry: side(ic, p), Each: map[string]BenchSide{}}
		var comp Counts
		for _, c := range q.Competitors {
			x := each[c][k]
			comp.add(x)
			row.Each[c] = side(x, p)
		}
		row.Competitors = side(comp, p)
		row.VsCompetitors = round4(share(ours[k].Point(p), ours[k].Mentions) - share(comp.Point(p), comp.Mentions))
		row.VsIndustry = round4(share(ours[k].Point(p), ours[k].Mentions) - share(ic.Point(p), ic.Mentions))
		z, pv, small := TwoProportionZ(comp.Point(p), comp.Mentions, ours[k].Point(p), ours[k].Mentions)
		row.Z, row.P, row.Significant = round4(z), pv, !small && pv < DefaultAlpha
		res.Rows = append(res.Rows, row)
	}
	sort.Slice(res.Rows, func(i, j int) bool {
		a, b := res.Rows[i], res.Rows[j]
		if a.VsCompetitors != b.VsCompetitors {
			return a.VsCompetitors > b.VsCompetitors
		}
		return a.Key < b.Key
	})
	return res, nil
}

// ChannelsQuery looks at one indicator (or the filter's scope) across channels.
type ChannelsQuery struct {
	Filter
	Point       string // pain (default) | …
	MinMentions int64  // channels with fewer mentions are listed but left out of the measures; default 5
}

// ChannelRow is one channel.
type ChannelRow struct {
	Channel string `json:"channel"` // "" = records without a channel
	Counts
	Share float64 `json:"share"` // point / mentions
	Net   float64 `json:"net"`
	// Deviation is share − the pooled share over the measured channels.
	Deviation float64 `json:"deviation"`
	Measured  bool    `json:"measured"` // has MinMentions mentions
}

// ChannelsResult is Channels' answer. Consistency is 1 − (max − min share) over the
// measured channels (1: every channel has the same share); ChiSquare and P are Pearson's
// test of homogeneity of the point share across them (k−1 degrees of freedom); Consistent
// is P ≥ DefaultAlpha.
type ChannelsResult struct {
	Point       string       `json:"point"`
	Rows        []ChannelRow `json:"rows"`
	Pooled      float64      `json:"pooled"`
	Spread      float64      `json:"spread"`
	Consistency float64      `json:"consistency"`
	ChiSquare   float64      `json:"chi_square"`
	DF          int          `json:"df"`
	P           float64      `json:"p"`
	Consistent  bool         `json:"consistent"`
}

// Channels returns the point share by channel with a consistency measure.
func (s *Store) Channels(ctx context.Context, q ChannelsQuery) (ChannelsResult, error) {
	p, err := checkPoint(q.Point)
	if err != nil {
		return ChannelsResult{}, fmt.Errorf("insights channels: %w", err)
	}
	if q.MinMentions <= 0 {
		q.MinMentions = 5
	}
	f := q.Filter
	f.Dims.Channel = ""
	by, err := s.CountsBy(ctx, f, "channel")
	if err != nil {
		return ChannelsResult{}, fmt.Errorf("insights channels: %w", err)
	}
	res := ChannelsResult{Point: p, Rows: []ChannelRow{}, P: 1}
	var x, n int64
	for ch, c := range by {
		if c.Mentions == 0 && c.Records == 0 {
			continue
		}
		r := ChannelRow{Channel: ch, Counts: c, Share: round4(share(c.Point(p), c.Mentions)), Net: round4(c.Net()), Measured: c.Mentions >= q.MinMentions}
		if r.Measured {
			x += c.Point(p)
			n += c.Mentions
		}
		res.Rows = append(res.Rows, r)
	}
	sort.Slice(res.Rows, func(i, j int) bool {
		if res.Rows[i].Share != res.Rows[j].Share {
			return res.Rows[i].Share > res.Rows[j].Share
		}
		return res.Rows[i].Channel < res.Rows[j].Channel
	})
	pool := share(x, n)
	res.Pooled = round4(pool)
	lo, hi, k := 1.0, 0.0, 0
	for i := range res.Rows {
		r := &res.Rows[i]
		if !r.Measured {
			continue
		}
		k++
		sh := share(r.Point(p), r.Mentions)
		r.Deviation = round4(sh - pool)
		lo, hi = math.Min(lo, sh), math.Max(hi, sh)
		if pool > 0 && pool < 1 {
			e1, e0 := float64(r.Mentions)*pool, float64(r.Mentions)*(1-pool)
			o1 := float64(r.Point(p))
			res.ChiSquare += (o1-e1)*(o1-e1)/e1 + (o1-e1)*(o1-e1)/e0
		}
	}
	if k >= 2 {
		res.Spread = round4(hi - lo)
		res.Consistency = round4(1 - (hi - lo))
		res.DF = k - 1
		res.P = chiSquareSurvival(res.ChiSquare, float64(k-1))
		res.ChiSquare = round4(res.ChiSquare)
	} else {
		res.Consistency = 1
	}
	res.Consistent = res.P >= DefaultAlpha
	return res, nil
}

// chiSquareSurvival is P(X ≥ x) for X ~ χ²(df): the regularised upper incomplete gamma
// Q(df/2, x/2), by series below a+1 and a continued fraction above (Numerical Recipes).
func chiSquareSurvival(x, df float64) float64 {
	if x <= 0 {
		return 1
	}
	a, y := df/2, x/2
	lg, _ := math.Lgamma(a)
	if y < a+1 {
		sum, del, ap := 1/a, 1/a, a
		for i := 0; i < 500; i++ {
			ap++
			del *= y / ap
			sum += del
			if math.Abs(del) < math.Abs(sum)*1e-15 {
				break
			}
		}
		return math.Max(0, 1-sum*math.Exp(-y+a*math.Log(y)-lg))
	}
	const tiny = 1e-300
	b := y + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i < 500; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return math.Min(1, math.Exp(-y+a*math.Log(y)-lg)*h)
}
