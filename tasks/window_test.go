package tasks

import (
	"math"
	"testing"
	"time"
)

func TestWindowOf(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	f := func(now string, loc *time.Location, days, back int, start, lastDay string) {
		t.Helper()
		n, err := time.ParseInLocation("2006-01-02 15:04", now, loc)
		if err != nil {
			t.Fatal(err)
		}
		w := windowOf(n, days, back, loc)
		if got := w.Start.Format("2006-01-02"); got != start || w.lastDay() != lastDay {
			t.Fatalf("windowOf(%s, %d, %d) = %s..%s, want %s..%s", now, days, back, got, w.lastDay(), start, lastDay)
		}
		if w.Start.Location() != loc || w.Start.Hour() != 0 {
			t.Fatalf("window start %v is not local midnight", w.Start)
		}
	}
	// Weeks are Monday..Sunday.
	f("2026-11-15 23:59", time.UTC, 7, 0, "2026-11-09", "2026-11-15")  // Sunday
	f("2026-11-16 00:00", time.UTC, 7, 0, "2026-11-16", "2026-11-22")  // Monday starts a new window
	f("2026-11-18 09:30", time.UTC, 7, 1, "2026-11-09", "2026-11-15")  // the previous complete week
	f("2024-01-01 00:00", time.UTC, 7, 0, "2024-01-01", "2024-01-07")  // the epoch
	f("2023-12-31 12:00", time.UTC, 7, 0, "2023-12-25", "2023-12-31")  // before the epoch: floor
	f("2026-11-18 09:30", time.UTC, 0, 0, "2026-11-16", "2026-11-22")  // 0 days = 7
	f("2024-01-31 10:00", time.UTC, 30, 0, "2024-01-31", "2024-02-29") // 30-day blocks from the epoch
	f("2024-01-30 10:00", time.UTC, 30, 0, "2024-01-01", "2024-01-30")
	f("2024-01-03 10:00", time.UTC, 1, 0, "2024-01-03", "2024-01-03")
	// Calendar days of the configured zone: 2026-11-15 20:00 UTC is Monday 04:00 in Shanghai.
	f("2026-11-16 04:00", shanghai, 7, 0, "2026-11-16", "2026-11-22")
	n := time.Date(2026, 11, 15, 20, 0, 0, 0, time.UTC)
	if w := windowOf(n, 7, 0, shanghai); w.Start.Format("2006-01-02") != "2026-11-16" {
		t.Fatalf("UTC instant in Shanghai: %v", w.Start)
	}
	if w := windowOf(n, 7, 0, time.UTC); w.Start.Format("2006-01-02") != "2026-11-09" {
		t.Fatalf("UTC instant in UTC: %v", w.Start)
	}
	// prev is the same length just before.
	w := windowOf(n, 7, 0, time.UTC)
	if p := w.prev(7, time.UTC); p.End != w.Start || p.Start.Format("2006-01-02") != "2026-11-02" {
		t.Fatalf("prev = %v", p)
	}
}

func TestTwoProportionZ(t *testing.T) {
	// Expected values computed independently in Python (math.erfc).
	f := func(x1, n1, x2, n2 int64, z, p float64, ok bool) {
		t.Helper()
		gz, gp, gok := twoProportionZ(x1, n1, x2, n2)
		if gok != ok || math.Abs(gz-z) > 1e-6 || math.Abs(gp-p) > 1e-6 {
			t.Fatalf("z(%d/%d, %d/%d) = %v %v %v, want %v %v %v", x1, n1, x2, n2, gz, gp, gok, z, p, ok)
		}
	}
	f(30, 100, 15, 100, -2.5400025400038095, 0.011085166380602722, true)
	f(40, 120, 35, 110, -0.24485584031226942, 0.8065680552864674, true)
	f(12, 40, 3, 50, -3.035786553761644, 0.002399091335547444, true)
	f(15, 100, 30, 100, 2.5400025400038095, 0.011085166380602722, true)
	f(0, 10, 0, 20, 0, 1, false) // no variance
	f(5, 0, 1, 10, 0, 1, false)  // empty sample
}

func TestVerdict(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	f := func(b, a tally, want string, significant bool) {
		t.Helper()
		v := verdict("pain", Period{}, b, Period{}, a, false, now)
		if v.Verdict != want || v.Significant != significant {
			t.Fatalf("verdict(%v, %v) = %q significant=%v (z %v p %v), want %q %v", b, a, v.Verdict, v.Significant, v.Z, v.PValue, want, significant)
		}
	}
	f(tally{100, 30}, tally{100, 15}, VerdictImproved, true)
	f(tally{100, 15}, tally{100, 30}, VerdictWorse, true)
	f(tally{120, 40}, tally{110, 35}, VerdictNoChange, false)
	f(tally{0, 0}, tally{100, 15}, VerdictInsufficient, false)
	f(tally{100, 30}, tally{0, 0}, VerdictInsufficient, false)
	f(tally{10, 0}, tally{20, 0}, VerdictNoChange, false)
	v := verdict("pain", Period{}, tally{100, 30}, Period{}, tally{100, 15}, true, now)
	if v.Before.Share != 0.3 || v.After.Share != 0.15 || v.Change != -0.15 || v.PValue != 0.0111 || !v.Partial {
		t.Fatalf("verification = %+v", v)
	}
}
