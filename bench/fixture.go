package bench

import (
	_ "embed"
	"strings"
)

//go:embed testdata/reviews.txt
var reviews string

// Reviews are the 1,033 real reviews of testdata/reviews.txt, the default texts of speed and
// pipeline runs.
func Reviews() []string { return Lines(reviews) }

// Lines splits text into its non-empty trimmed lines.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
