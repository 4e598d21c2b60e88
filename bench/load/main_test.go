package main

import (
	"strings"
	"testing"
	"time"
)

// TestFixture: the committed fixture has 1,000 non-empty real reviews.
func TestFixture(t *testing.T) {
	lines, err := readLines("testdata/waimai_1000.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1000 {
		t.Fatalf("%d lines, want 1000", len(lines))
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "" || strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d: %q", i+1, l)
		}
	}
}

// TestRowPercentiles: nearest-rank percentiles over the measured window.
func TestRowPercentiles(t *testing.T) {
	cases := []struct {
		lat  []int // ms
		want string
	}{
		{[]int{5, 1, 3, 2, 4}, "| 4 | closed loop | 5 | 0.5 | 3.0 | 5.0 | 5.0 | 5.0 | 0 |"},
		{[]int{7}, "| 4 | closed loop | 1 | 0.1 | 7.0 | 7.0 | 7.0 | 7.0 | 0 |"},
		{nil, "| 4 | closed loop | 0 | 0.0 | - | - | - | - | 0 |"},
	}
	for _, c := range cases {
		r := result{conc: 4, mode: "closed loop", errs: map[string]int{}, elapsed: 10 * time.Second}
		for _, ms := range c.lat {
			r.lat = append(r.lat, time.Duration(ms)*time.Millisecond)
		}
		if got := r.row(); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.lat, got, c.want)
		}
	}
	r := result{conc: 1, mode: "x", errs: map[string]int{"429": 2, "conn-error": 1}, elapsed: time.Second}
	if got := r.row(); !strings.HasSuffix(got, "| 429×2 conn-error×1 |") {
		t.Errorf("errors column: %s", got)
	}
}
