package main

import (
	"slices"
	"strings"
)

// aspectFlag is `analyze --aspect 屏幕,电池`: aspect terms named for every record, comma
// separated (, ， or 、) or repeated.
type aspectFlag []string

func (a *aspectFlag) String() string { return strings.Join(*a, ",") }

func (a *aspectFlag) Set(s string) error {
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(*a, v) {
			*a = append(*a, v)
		}
	}
	return nil
}

// withAspects returns a record's own named aspects followed by the flag's ones it lacks.
func withAspects(own []string, flag aspectFlag) []string {
	if len(flag) == 0 {
		return own
	}
	out := slices.Clone(own)
	for _, t := range flag {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
