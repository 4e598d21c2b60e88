package tasks

import (
	"math"
	"time"

	"github.com/tingzhen/tingzhen/insights"
)

// Rule windows are tumbling blocks of window_days calendar days counted from the epoch
// Monday 2024-01-01 in Options.Location: with the default 7 days they are the weeks Monday
// to Sunday. A task's id names its rule and its window's first day, so a rule fires at most
// once per window however often it is evaluated.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// window is [Start, End) in event time, both local midnights.
type window struct {
	Start, End time.Time
}

// civilDays is the number of calendar days from the epoch to t's date in loc.
func civilDays(t time.Time, loc *time.Location) int {
	t = t.In(loc)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return int(math.Round(d.Sub(epoch).Hours() / 24))
}

// dayAt is local midnight of the epoch day n.
func dayAt(n int, loc *time.Location) time.Time {
	return time.Date(2024, 1, 1+n, 0, 0, 0, 0, loc)
}

// windowOf returns the window of days containing t, shifted by back windows into the past.
func windowOf(t time.Time, days, back int, loc *time.Location) window {
	if days <= 0 {
		days = 7
	}
	n := civilDays(t, loc)
	k := n / days
	if n%days != 0 && n < 0 {
		k-- // floor division before the epoch
	}
	k -= back
	return window{Start: dayAt(k*days, loc), End: dayAt((k+1)*days, loc)}
}

// prev is the window of the same length just before w.
func (w window) prev(days int, loc *time.Location) window {
	s := civilDays(w.Start, loc)
	return window{Start: dayAt(s-days, loc), End: w.Start}
}

// lastDay is the window's last day (inclusive), yyyy-mm-dd.
func (w window) lastDay() string { return w.End.AddDate(0, 0, -1).Format("2006-01-02") }

// twoProportionZ is insights.TwoProportionZ (the pooled two-proportion z-test, two-sided p)
// with ok false when the test is undefined: either sample empty, or the pooled proportion 0
// or 1 (no variance).
func twoProportionZ(x1, n1, x2, n2 int64) (z, p float64, ok bool) {
	z, p, _ = insights.TwoProportionZ(x1, n1, x2, n2)
	return z, p, n1 > 0 && n2 > 0 && x1+x2 > 0 && x1+x2 < n1+n2
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
