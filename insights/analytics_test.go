package insights

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/mention"
)

func fixtureStore(t *testing.T) (*Store, []Record) {
	t.Helper()
	recs := loadFixture(t)
	s, _ := openTestStore(t, Options{})
	if _, err := s.Ingest(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return s, recs
}

func TestTop(t *testing.T) {
	s, recs := fixtureStore(t)
	ctx := context.Background()
	f := func(q TopQuery, wantKey string) {
		t.Helper()
		res, err := s.Top(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) == 0 || res.Items[0].Key != wantKey {
			t.Fatalf("%+v: top %+v, want %s first", q, res.Items, wantKey)
		}
		for i, it := range res.Items {
			if i > 0 && it.Count > res.Items[i-1].Count {
				t.Errorf("not sorted at %d", i)
			}
			fl := q.Filter
			var want Counts
			switch q.By {
			case "indicator", "":
				fl.Indicator = it.Key
				want = direct(recs, fl)
			case "department":
				fl.Department = it.Key
				want = direct(recs, fl)
			}
			if q.By != "aspect" && want.Point(res.Point) != it.Count {
				t.Errorf("%s: count %d, direct %d", it.Key, it.Count, want.Point(res.Point))
			}
			if it.Name == "" || it.Name == it.Key && q.By != "aspect" {
				t.Errorf("%s: no display name (%q)", it.Key, it.Name)
			}
		}
	}
	// The direct answers, computed once from the fixture (and checked by the loop above).
	best := func(fl Filter, by, point string) string {
		counts := map[string]int64{}
		for _, r := range recs {
			d := dayInt(r.Time.In(cst))
			if !fl.From.IsZero() && d < dayInt(fl.From) || !fl.To.IsZero() && d >= dayInt(fl.To) || !matchDims(&r.Dims, &fl.Dims, nil) {
				continue
			}
			for _, m := range r.Mentions {
				if m.KG != nil && (m.Point == point || m.Polarity == point) {
					counts[m.KG.IDs[by]]++
				}
			}
		}
		var keys []string
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if counts[keys[i]] != counts[keys[j]] {
				return counts[keys[i]] > counts[keys[j]]
			}
			return keys[i] < keys[j]
		})
		return keys[0]
	}
	nov := Filter{Industry: "ecommerce", From: day("2026-11-01"), To: day("2026-12-01")}
	jd := Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东", Brand: "本品牌"}}
	f(TopQuery{Filter: nov, Point: "pain"}, best(nov, "indicator", "pain"))
	f(TopQuery{Filter: nov, Point: "pleasure", By: "department"}, best(nov, "department", "pleasure"))
	f(TopQuery{Filter: jd, Point: "pain", By: "aspect"}, best(jd, "aspect", "pain"))
	f(TopQuery{Filter: jd, Point: "negative"}, best(jd, "indicator", "negative"))
	if _, err := s.Top(ctx, TopQuery{Point: "anger"}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("unknown point: %v", err)
	}
}

func TestTrend(t *testing.T) {
	s, recs := fixtureStore(t)
	ctx := context.Background()
	f := func(every string, from, to time.Time, wantPeriods int) {
		t.Helper()
		fl := Filter{Industry: "ecommerce", Department: "logistics", From: from, To: to}
		pts, err := s.Trend(ctx, fl, every)
		if err != nil {
			t.Fatal(err)
		}
		if len(pts) != wantPeriods {
			t.Fatalf("%s: %d periods, want %d", every, len(pts), wantPeriods)
		}
		var sum int64
		for i, p := range pts {
			end := p.Start.AddDate(0, 0, 1)
			switch every {
			case "week":
				end = p.Start.AddDate(0, 0, 7)
			case "month":
				end = p.Start.AddDate(0, 1, 0)
			}
			if i > 0 && !p.Start.After(pts[i-1].Start) {
				t.Errorf("not in order at %d", i)
			}
			pf := fl
			pf.From, pf.To = maxTime(p.Start, from), minTime(end, to)
			if want := direct(recs, pf); p.Counts != want {
				t.Errorf("%s %s: %+v, want %+v", every, p.Period, p.Counts, want)
			}
			sum += p.Mentions
		}
		if sum != direct(recs, fl).Mentions || sum == 0 {
			t.Errorf("%s: %d mentions over the periods, %d in all", every, sum, direct(recs, fl).Mentions)
		}
	}
	f("day", day("2026-10-01"), day("2026-12-01"), 61)
	f("week", day("2026-10-05"), day("2026-11-30"), 8) // Mondays
	f("week", day("2026-10-01"), day("2026-11-30"), 9) // a partial first week
	f("month", day("2026-10-01"), day("2026-12-01"), 2)
	if _, err := s.Trend(ctx, Filter{}, "hour"); !errors.Is(err, ErrBadQuery) {
		t.Errorf("hour: %v", err)
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func TestTwoProportionZ(t *testing.T) {
	f := func(x1, n1, x2, n2 int64, wantZ, wantP float64, wantSmall bool) {
		t.Helper()
		z, p, small := TwoProportionZ(x1, n1, x2, n2)
		if math.Abs(z-wantZ) > 1e-3 || math.Abs(p-wantP) > 1e-4 || small != wantSmall {
			t.Errorf("(%d/%d vs %d/%d) = z %.4f p %.5f small %v, want %.4f %.5f %v", x1, n1, x2, n2, z, p, small, wantZ, wantP, wantSmall)
		}
	}
	// Textbook values (pooled): 45/100 vs 60/100 → z 2.1237, p 0.0337.
	f(45, 100, 60, 100, 2.1237, 0.0337, false)
	f(60, 100, 45, 100, -2.1237, 0.0337, false)
	f(50, 100, 50, 100, 0, 1, false)
	f(1, 10, 3, 10, 1.1180, 0.2636, true)
	f(0, 0, 3, 10, 0, 1, true)
}

func TestCompare(t *testing.T) {
	s, recs := fixtureStore(t)
	ctx := context.Background()
	// November's second half against its first half, per indicator.
	q := CompareQuery{Filter: Filter{Industry: "ecommerce", From: day("2026-11-16"), To: day("2026-12-01")}, Point: "pain"}
	res, err := s.Compare(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !res.PrevFrom.Equal(day("2026-11-01")) || !res.PrevTo.Equal(day("2026-11-16")) || len(res.Items) < 3 {
		t.Fatalf("previous period %v..%v, %d items", res.PrevFrom, res.PrevTo, len(res.Items))
	}
	for _, c := range res.Items {
		fl := q.Filter
		fl.Indicator = c.Key
		cur := direct(recs, fl)
		fl.From, fl.To = res.PrevFrom, res.PrevTo
		prev := direct(recs, fl)
		if c.Cur != cur || c.Prev != prev {
			t.Errorf("%s: %+v / %+v, want %+v / %+v", c.Key, c.Cur, c.Prev, cur, prev)
		}
		z, p, small := TwoProportionZ(prev.Pain, prev.Mentions, cur.Pain, cur.Mentions)
		if math.Abs(c.Z-z) > 1e-4 || c.P != p || c.Significant != (!small && p < 0.05) {
			t.Errorf("%s: z %v p %v sig %v", c.Key, c.Z, c.P, c.Significant)
		}
	}
	// A planted change is found significant: 40 new pain records on one indicator.
	var add []Record
	for i := 0; i < 40; i++ {
		add = append(add, Record{ID: "planted-" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Time: day("2026-11-20").Add(time.Duration(i) * time.Hour), Industry: "ecommerce", Sentiment: "negative",
			Text: "物流太慢了，等了一个星期才到", Mentions: []mention.Mention{{Term: "物流", Polarity: "negative", Point: "pain", Start: 0, End: 2,
				KG: &mention.KGRef{Indicator: "配送时效", IDs: map[string]string{"industry": "ecommerce", "indicator": "delivery_time", "aspect": "delivery_speed", "department": "logistics"}}}}})
	}
	if _, err := s.Ingest(ctx, add); err != nil {
		t.Fatal(err)
	}
	res, err = s.Compare(ctx, CompareQuery{Filter: Filter{Industry: "ecommerce", From: day("2026-11-16"), To: day("2026-12-01")}, Point: "pain", By: "total"})
	if err != nil || len(res.Items) != 1 || !res.Items[0].Significant || res.Items[0].Change <= 0 {
		t.Fatalf("planted rise not significant: %+v %v", res.Items, err)
	}
	if _, err := s.Compare(ctx, CompareQuery{Filter: Filter{Industry: "ecommerce"}}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("no period: %v", err)
	}
}

func TestBenchmark(t *testing.T) {
	s, recs := fixtureStore(t)
	ctx := context.Background()
	res, err := s.Benchmark(ctx, BenchmarkQuery{Filter: Filter{Industry: "ecommerce", Dims: Dims{Channel: "京东"}}, Brand: "本品牌", Competitors: []string{"竞品A"}, Point: "pain"})
	if err != nil || len(res.Rows) < 3 {
		t.Fatalf("%+v %v", res, err)
	}
	for _, r := range res.Rows {
		fl := Filter{Industry: "ecommerce", Indicator: r.Key, Dims: Dims{Channel: "京东"}}
		ind := direct(recs, fl)
		fl.Dims.Brand = "本品牌"
		ours := direct(recs, fl)
		fl.Dims.Brand = "竞品A"
		comp := direct(recs, fl)
		if r.Industry.Counts != ind || r.Brand.Counts != ours || r.Competitors.Counts != comp || r.Each["竞品A"].Counts != comp {
			t.Errorf("%s: %+v", r.Key, r)
		}
		if want := round4(share(ours.Pain, ours.Mentions) - share(comp.Pain, comp.Mentions)); r.VsCompetitors != want {
			t.Errorf("%s: vs competitors %v, want %v", r.Key, r.VsCompetitors, want)
		}
	}
	// Competitors default to every other brand seen.
	all, err := s.Benchmark(ctx, BenchmarkQuery{Filter: Filter{Industry: "ecommerce"}, Brand: "本品牌"})
	if err != nil || len(all.Competitors) != 2 {
		t.Fatalf("default competitors: %v %v", all.Competitors, err)
	}
	if _, err := s.Benchmark(ctx, BenchmarkQuery{}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("no brand: %v", err)
	}
}

func TestChannels(t *testing.T) {
	s, recs := fixtureStore(t)
	ctx := context.Background()
	res, err := s.Channels(ctx, ChannelsQuery{Filter: Filter{Industry: "ecommerce", Indicator: "product_quality"}, Point: "pain"})
	if err != nil || len(res.Rows) != len(synthChannels) {
		t.Fatalf("%+v %v", res, err)
	}
	for _, r := range res.Rows {
		if want := direct(recs, Filter{Industry: "ecommerce", Indicator: "product_quality", Dims: Dims{Channel: r.Channel}}); r.Counts != want {
			t.Errorf("%s: %+v, want %+v", r.Channel, r.Counts, want)
		}
	}
	if res.DF != len(synthChannels)-1 || res.P <= 0 || res.P > 1 || res.Consistency != round4(1-res.Spread) {
		t.Errorf("measures: %+v", res)
	}
	// Channels drawn at random from the same reviews are consistent; a channel made of
	// complaints is not.
	if !res.Consistent {
		t.Errorf("random channels found inconsistent: p %v", res.P)
	}
	var add []Record
	for i, r := range recs {
		for _, m := range r.Mentions {
			if m.Point == "pain" && m.KG.IDs["indicator"] == "product_quality" {
				x := r
				x.ID = "complaint-" + r.ID
				x.Dims.Channel = "400热线"
				add = append(add, x)
				break
			}
		}
		_ = i
	}
	if _, err := s.Ingest(ctx, add); err != nil {
		t.Fatal(err)
	}
	res, err = s.Channels(ctx, ChannelsQuery{Filter: Filter{Industry: "ecommerce", Indicator: "product_quality"}, Point: "pain"})
	if err != nil || res.Consistent || res.Rows[0].Channel != "400热线" {
		t.Errorf("complaint channel: %+v %v", res, err)
	}
}

func TestChiSquareSurvival(t *testing.T) {
	f := func(x, df, want float64) {
		t.Helper()
		if got := chiSquareSurvival(x, df); math.Abs(got-want) > 1e-4 {
			t.Errorf("Q(%v; %v) = %.5f, want %.5f", x, df, got, want)
		}
	}
	f(3.841, 1, 0.05) // the 5% critical values
	f(5.991, 2, 0.05)
	f(7.815, 3, 0.05)
	f(11.345, 3, 0.01)
	f(0, 3, 1)
	f(1, 4, 0.9098)
}

func TestDriversRecoverPlantedEffect(t *testing.T) {
	s, _ := openTestStore(t, Options{})
	ctx := context.Background()
	// Records whose sentiment is driven by delivery_time (negative) and, less, by
	// product_quality; service is noise.
	rng := rand.New(rand.NewPCG(3, 4))
	var recs []Record
	ind := func(id, pol string) mention.Indicator { return mention.Indicator{ID: id, Polarity: pol} }
	for i := 0; i < 3000; i++ {
		var vs []mention.Indicator
		z := -1.0
		if rng.Float64() < 0.4 {
			vs = append(vs, ind("delivery_time", "negative"))
			z += 2.5
		}
		if rng.Float64() < 0.4 {
			vs = append(vs, ind("product_quality", "negative"))
			z += 1.0
		}
		if rng.Float64() < 0.4 {
			vs = append(vs, ind("service", []string{"negative", "positive"}[rng.IntN(2)]))
		}
		sent := "positive"
		if rng.Float64() < sigmoid(z) {
			sent = "negative"
		}
		recs = append(recs, Record{ID: "d" + string(rune(0x4e00+i)), Time: day("2026-11-01").Add(time.Duration(i) * time.Minute), Industry: "ecommerce", Sentiment: sent,
			Text: "物流慢，质量一般，客服还行", Indicators: vs})
	}
	if _, err := s.Ingest(ctx, recs); err != nil {
		t.Fatal(err)
	}
	res, err := s.Drivers(ctx, DriversQuery{Filter: Filter{Industry: "ecommerce"}, Lambda: 0.01})
	if err != nil || res.Records != 3000 {
		t.Fatalf("%+v %v", res, err)
	}
	coef := map[string]float64{}
	for _, d := range res.Drivers {
		coef[d.Indicator+"/"+d.Polarity] = d.Coef
	}
	if res.Drivers[0].Indicator != "delivery_time" || math.Abs(coef["delivery_time/negative"]-2.5) > 0.35 || math.Abs(coef["product_quality/negative"]-1.0) > 0.3 ||
		math.Abs(coef["service/negative"]) > 0.3 || math.Abs(coef["service/positive"]) > 0.3 || math.Abs(res.Intercept+1) > 0.3 {
		t.Errorf("coefficients %v intercept %v", coef, res.Intercept)
	}
	// A heavier penalty shrinks every coefficient.
	heavy, _ := s.Drivers(ctx, DriversQuery{Filter: Filter{Industry: "ecommerce"}, Lambda: 500})
	for _, d := range heavy.Drivers {
		if math.Abs(d.Coef) >= math.Abs(coef[d.Indicator+"/"+d.Polarity]) {
			t.Errorf("lambda 500 did not shrink %s/%s: %v", d.Indicator, d.Polarity, d.Coef)
		}
	}
}

func TestFitLogisticStationary(t *testing.T) {
	// At the fit the gradient of the penalised loss is zero.
	X := [][]int{{0}, {0, 1}, {1}, {}, {0}, {1}, {0, 1}, {}, {0}, {}}
	y := []float64{1, 1, 0, 0, 1, 1, 0, 0, 0, 1}
	lambda := 2.0
	w, b, _, _ := fitLogistic(X, y, 2, lambda)
	n := float64(len(y))
	g := make([]float64, 3)
	for i, cols := range X {
		z := b
		for _, j := range cols {
			z += w[j]
		}
		r := sigmoid(z) - y[i]
		for _, j := range cols {
			g[j] += r / n
		}
		g[2] += r / n
	}
	g[0] += lambda / n * w[0]
	g[1] += lambda / n * w[1]
	for j, x := range g {
		if math.Abs(x) > 1e-9 {
			t.Errorf("gradient[%d] = %g", j, x)
		}
	}
}

func TestDriversOnReviews(t *testing.T) {
	s, _ := fixtureStore(t)
	res, err := s.Drivers(context.Background(), DriversQuery{Filter: Filter{Industry: "ecommerce"}})
	if err != nil || res.Records != 600 || len(res.Drivers) < 4 {
		t.Fatalf("%+v %v", res, err)
	}
	// On real reviews (lexicon polarities, noisy) negative verdicts push towards a negative
	// record more than positive ones do: the strongest driver is a negative verdict and the
	// mean coefficient of the negative verdicts is above that of the positive ones.
	if res.Drivers[0].Polarity != "negative" {
		t.Errorf("strongest driver %+v", res.Drivers[0])
	}
	var neg, pos []float64
	for _, d := range res.Drivers {
		if d.Polarity == "negative" {
			neg = append(neg, d.Coef)
		} else {
			pos = append(pos, d.Coef)
		}
	}
	mean := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	if len(neg) == 0 || len(pos) == 0 || mean(neg) <= mean(pos)+0.3 {
		t.Errorf("negative verdicts %v, positive %v", neg, pos)
	}
}

func TestParseParams(t *testing.T) {
	now := time.Date(2026, 11, 30, 15, 0, 0, 0, cst)
	f := func(q string, wantFrom, wantTo string) {
		t.Helper()
		v, _ := url.ParseQuery(q)
		p, err := ParseParams(v, cst, now)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if p.From.Format(time.RFC3339) != wantFrom || p.To.Format(time.RFC3339) != wantTo {
			t.Errorf("%s: %v..%v, want %s..%s", q, p.From, p.To, wantFrom, wantTo)
		}
	}
	f("period=7d", "2026-11-24T00:00:00+08:00", "2026-12-01T00:00:00+08:00")
	f("period=week&to=2026-11-15", "2026-11-09T00:00:00+08:00", "2026-11-16T00:00:00+08:00")
	f("from=2026年11月1日&period=month", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00")
	f("from=2026-11-01&to=2026-11-01T12:00:00%2B08:00", "2026-11-01T00:00:00+08:00", "2026-11-01T12:00:00+08:00")
	f("from=20261101&to=2026年11月30日", "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00")
	f("from=2026/11/01&to=2026年11月30日 12:00", "2026-11-01T00:00:00+08:00", "2026-11-30T12:00:00+08:00")
	bad := func(q string) {
		t.Helper()
		v, _ := url.ParseQuery(q)
		if _, err := ParseParams(v, cst, now); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%s: %v", q, err)
		}
	}
	bad("colour=red")
	bad("from=yesterday")
	bad("period=7x")
	bad("from=2026-11-02&to=2026-11-01")
	bad("n=ten")
	bad("period=7d&from=2026-11-01&to=2026-11-03")
}

func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"period=7d", "from=2026-11-01&to=2026-11-30&channel=京东&tag=a&tag=b", "period=3m&to=2026年11月3日", "n=5&lambda=0.1", "colour=red"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 30, 15, 0, 0, 0, cst)
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		p, err := ParseParams(v, cst, now)
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("%q: error not marked as a bad query: %v", q, err)
			}
			return
		}
		if !p.From.IsZero() && !p.To.IsZero() && !p.From.Before(p.To) {
			t.Fatalf("%q: accepted empty period %v..%v", q, p.From, p.To)
		}
	})
}

func FuzzBlob(f *testing.F) {
	es := []entry{{entryKey{Day: 3, Kind: kindMention, Ind: "delivery_time", Asp: "delivery_speed", Dept: "logistics", Point: ptPain, Pol: polNegative}, 7},
		{entryKey{Day: 1, Kind: kindRecord, Pol: polPositive}, 2}}
	f.Add(encodeEntries(es))
	f.Add([]byte{1, 1, 3, 3, 1, 1, 2, 'a', 'b', 0, 0, 5})
	f.Fuzz(func(t *testing.T, b []byte) {
		var got []entry
		if err := decodeBlob(b, func(x []byte) string { return string(x) }, func(e *entry) { got = append(got, *e) }); err != nil {
			return
		}
		// What decodes re-encodes to the same entries.
		var pos []entry
		for _, e := range got {
			if e.N > 0 {
				pos = append(pos, e)
			}
		}
		if len(pos) == 0 {
			return
		}
		back := map[entryKey]int64{}
		if err := decodeBlob(encodeEntries(append([]entry(nil), pos...)), func(x []byte) string { return string(x) }, func(e *entry) { back[e.entryKey] += e.N }); err != nil {
			t.Fatal(err)
		}
		want := map[entryKey]int64{}
		for _, e := range pos {
			want[e.entryKey] += e.N
		}
		if len(back) != len(want) {
			t.Fatalf("round trip %v → %v", want, back)
		}
		for k, n := range want {
			if back[k] != n {
				t.Fatalf("round trip %v → %v", want, back)
			}
		}
	})
}
