package insights

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Queries names the questions Run answers (the CLI's subcommands, the HTTP paths).
var Queries = []string{"top", "trend", "compare", "benchmark", "drivers", "channels", "evidence"}

// Params is one query as the CLI and HTTP give it: the same names in both
// (--industry / ?industry=, …). ParseParams reads them.
type Params struct {
	Filter
	Point       string   // pain|itch|pleasure|negative|neutral|positive
	By          string   // top/compare/benchmark: indicator|department|aspect|…; trend: day|week|month
	N           int      // top, evidence
	Competitors []string // benchmark
	Target      string   // drivers
	Lambda      float64  // drivers
	MinSupport  int      // drivers
	MinMentions int64    // channels
	Alpha       float64  // compare
	PrevFrom    time.Time
	PrevTo      time.Time
}

// ParamNames are the accepted query parameters; tag and competitor repeat.
var ParamNames = []string{"industry", "department", "indicator", "from", "to", "period", "channel", "brand", "product", "store", "region", "segment", "tag",
	"competitor", "point", "by", "n", "target", "lambda", "min_support", "min_mentions", "alpha", "prev_from", "prev_to"}

var rePeriod = regexp.MustCompile(`^(\d{1,4})([dwm])$`)

// ParsePeriod reads a period length: Nd (days), Nw (weeks), Nm (months), or day, week
// (7d), month (1m), quarter (3m), year (12m). It returns days and months (one of them 0).
func ParsePeriod(s string) (days, months int, err error) {
	defer func() {
		if err != nil {
			err = badf("%v", err)
		}
	}()
	switch s {
	case "day":
		return 1, 0, nil
	case "week":
		return 7, 0, nil
	case "month":
		return 0, 1, nil
	case "quarter":
		return 0, 3, nil
	case "year":
		return 0, 12, nil
	}
	m := rePeriod.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, fmt.Errorf("period %q: want Nd, Nw, Nm, day, week, month, quarter or year", s)
	}
	n, _ := strconv.Atoi(m[1])
	if n == 0 {
		return 0, 0, fmt.Errorf("period %q: zero length", s)
	}
	switch m[2] {
	case "d":
		return n, 0, nil
	case "w":
		return 7 * n, 0, nil
	}
	return 0, n, nil
}

// ParseParams reads query parameters. from/to take what ParseTime takes; a to given as a
// date (no time of day) includes that day. period (ParsePeriod) fills a missing bound: with
// neither from nor to the period ends with today (in loc, at now). An unknown parameter is
// an error.
func ParseParams(v url.Values, loc *time.Location, now time.Time) (Params, error) {
	var p Params
	if loc == nil {
		loc = time.Local
	}
	known := map[string]bool{}
	for _, k := range ParamNames {
		known[k] = true
	}
	for k := range v {
		if !known[k] {
			return p, badf("unknown parameter %q (known: %s)", k, strings.Join(ParamNames, ", "))
		}
	}
	get := v.Get
	p.Industry, p.Department, p.Indicator = get("industry"), get("department"), get("indicator")
	p.Dims = Dims{Channel: get("channel"), Brand: get("brand"), Product: get("product"), Store: get("store"), Region: get("region"), Segment: get("segment"), Tags: v["tag"]}
	p.Competitors = v["competitor"]
	p.Point, p.By, p.Target = get("point"), get("by"), get("target")
	var err error
	readTime := func(name string, end bool) (time.Time, error) {
		s := strings.TrimSpace(get(name))
		if s == "" {
			return time.Time{}, nil
		}
		t, err := ParseTime(s, loc)
		if err != nil {
			return t, badf("%s: %v", name, err)
		}
		if end && t.Equal(dayStart(t)) && !strings.ContainsAny(s, ":：点时T") && !reUnix.MatchString(s) {
			t = t.AddDate(0, 0, 1) // a date: through the end of that day
		}
		return t, nil
	}
	if p.From, err = readTime("from", false); err != nil {
		return p, err
	}
	if p.To, err = readTime("to", true); err != nil {
		return p, err
	}
	if p.PrevFrom, err = readTime("prev_from", false); err != nil {
		return p, err
	}
	if p.PrevTo, err = readTime("prev_to", true); err != nil {
		return p, err
	}
	if per := get("period"); per != "" {
		d, m, err := ParsePeriod(per)
		if err != nil {
			return p, err
		}
		back := func(t time.Time) time.Time { return t.AddDate(0, -m, -d) }
		fwd := func(t time.Time) time.Time { return t.AddDate(0, m, d) }
		switch {
		case p.From.IsZero() && p.To.IsZero():
			p.To = dayStart(now.In(loc)).AddDate(0, 0, 1)
			p.From = back(p.To)
		case p.From.IsZero():
			p.From = back(p.To)
		case p.To.IsZero():
			p.To = fwd(p.From)
		default:
			return p, badf("period %q with both from and to: give two of them", per)
		}
	}
	ints := []struct {
		name string
		dst  *int
	}{{"n", &p.N}, {"min_support", &p.MinSupport}}
	for _, x := range ints {
		if s := get(x.name); s != "" {
			if *x.dst, err = strconv.Atoi(s); err != nil {
				return p, badf("%s %q: not an integer", x.name, s)
			}
		}
	}
	if s := get("min_mentions"); s != "" {
		if p.MinMentions, err = strconv.ParseInt(s, 10, 64); err != nil {
			return p, badf("min_mentions %q: not an integer", s)
		}
	}
	for _, x := range []struct {
		name string
		dst  *float64
	}{{"lambda", &p.Lambda}, {"alpha", &p.Alpha}} {
		if s := get(x.name); s != "" {
			if *x.dst, err = strconv.ParseFloat(s, 64); err != nil {
				return p, badf("%s %q: not a number", x.name, s)
			}
		}
	}
	if err := p.Filter.validate(); err != nil {
		return p, err
	}
	return p, nil
}

// Run answers one named query (Queries) with the params; the value is what the CLI and
// HTTP print as JSON.
func (s *Store) Run(ctx context.Context, query string, p Params) (any, error) {
	switch query {
	case "top":
		return s.Top(ctx, TopQuery{Filter: p.Filter, Point: p.Point, By: p.By, N: p.N})
	case "trend":
		pts, err := s.Trend(ctx, p.Filter, p.By)
		return map[string]any{"every": orDefault(p.By, "day"), "points": pts}, err
	case "compare":
		if p.From.IsZero() || p.To.IsZero() {
			return nil, badf("compare needs the current period: from and to, or period (e.g. 7d)")
		}
		return s.Compare(ctx, CompareQuery{Filter: p.Filter, PrevFrom: p.PrevFrom, PrevTo: p.PrevTo, Point: p.Point, By: p.By, Alpha: p.Alpha})
	case "benchmark":
		return s.Benchmark(ctx, BenchmarkQuery{Filter: p.Filter, Brand: p.Dims.Brand, Competitors: p.Competitors, Point: p.Point, By: p.By})
	case "drivers":
		return s.Drivers(ctx, DriversQuery{Filter: p.Filter, Target: p.Target, Lambda: p.Lambda, MinSupport: p.MinSupport})
	case "channels":
		return s.Channels(ctx, ChannelsQuery{Filter: p.Filter, Point: p.Point, MinMentions: p.MinMentions})
	case "evidence":
		ev, err := s.Evidence(ctx, p.Filter, p.Point, p.N)
		if ev == nil {
			ev = []Evidence{}
		}
		return map[string]any{"evidence": ev}, err
	}
	return nil, badf("unknown query %q (one of %s)", query, strings.Join(Queries, ", "))
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// ErrBadQuery matches (errors.Is) errors caused by the query itself (unknown parameter,
// bad time or period, unknown point or group key …), as opposed to storage failures.
var ErrBadQuery = errors.New("bad query")

type queryError struct{ msg string }

func (e *queryError) Error() string        { return e.msg }
func (e *queryError) Is(target error) bool { return target == ErrBadQuery }

func badf(format string, args ...any) error { return &queryError{fmt.Sprintf(format, args...)} }

// Location is the time zone the store counts days in.
func (s *Store) Location() *time.Location { return s.opt.Location }
