package insights

import (
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		got, err := ParseTime(in, cst)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", in, err)
			return
		}
		if g := got.Format(time.RFC3339); g != want {
			t.Errorf("ParseTime(%q) = %s, want %s", in, g, want)
		}
	}
	f("2026-11-03T14:05:06Z", "2026-11-03T14:05:06Z")
	f("2026-11-03T14:05:06+08:00", "2026-11-03T14:05:06+08:00")
	f("2026-11-03 14:05:06.123+0800", "2026-11-03T14:05:06+08:00")
	f("2026-11-03T14:05Z", "2026-11-03T14:05:00Z")
	f("2026-11-03", "2026-11-03T00:00:00+08:00")
	f(" 2026-11-03 14:05 ", "2026-11-03T14:05:00+08:00")
	f("2026-11-03 14:05:09", "2026-11-03T14:05:09+08:00")
	f("2026/11/3", "2026-11-03T00:00:00+08:00")
	f("2026/11/03 8:05", "2026-11-03T08:05:00+08:00")
	f("2026.1.2", "2026-01-02T00:00:00+08:00")
	f("20261103", "2026-11-03T00:00:00+08:00")
	f("2026年11月3日", "2026-11-03T00:00:00+08:00")
	f("2026年11月3号", "2026-11-03T00:00:00+08:00")
	f("2026年11月3日 14:05", "2026-11-03T14:05:00+08:00")
	f("2026年11月3日14点05分", "2026-11-03T14:05:00+08:00")
	f("2026年11月3日 下午2点", "2026-11-03T14:00:00+08:00")
	f("2026年11月3日 上午12点30分", "2026-11-03T00:30:00+08:00")
	f("1793635200", "2026-11-03T00:00:00+08:00")
	f("1793635200123", "2026-11-03T00:00:00+08:00")
	f("2026-02-28", "2026-02-28T00:00:00+08:00")
}

func TestParseTimeErrors(t *testing.T) {
	f := func(in, wantErr string) {
		t.Helper()
		_, err := ParseTime(in, cst)
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("ParseTime(%q) error %v, want one with %q", in, err, wantErr)
		}
	}
	f("", "empty")
	f("11月3日", "without a year")
	f("11月3日 14:05", "without a year")
	f("2026-02-30", "no day 30")
	f("2026-13-01", "month 13")
	f("2026年11月3日 25:00", "out of range")
	f("0000-01-01", "year 0")
	f("昨天", "not RFC 3339")
	f("2026-11-03T14:05:06+25:00", "RFC 3339")
	f("12345", "not RFC 3339")
	f(strings.Repeat("2", 80), "longer than 64")
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-03", "2026年11月3日 下午2点", "1793692800", "20261103", "2026/11/03 8:05", "11月3日", "2026-11-03T14:05:06+08:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s, cst)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if got.IsZero() && strings.TrimSpace(s) != "0000000000" {
			// year 1 only comes from unix input; anything else is a parser bug
			if got.Year() == 1 {
				t.Fatalf("ParseTime(%q) = zero time", s)
			}
		}
		// A date-only result parses back the same from its RFC 3339 form.
		back, err := ParseTime(got.Format(time.RFC3339Nano), cst)
		if err != nil || !back.Equal(got) {
			t.Fatalf("ParseTime(%q) = %v, round trip %v %v", s, got, back, err)
		}
	})
}
