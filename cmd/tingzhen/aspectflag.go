package main

import (
	"slices"
	"strings"

	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/mention"
)

// aspectFlag is `analyze --aspect 屏幕,电池` and `job run|submit --aspect`: aspect terms named
// for every record, separated as a list field is (input.SplitList: , ， 、 | ; ；) or
// repeated.
type aspectFlag []string

func (a *aspectFlag) String() string { return strings.Join(*a, ",") }

func (a *aspectFlag) Set(s string) error {
	for _, v := range input.SplitList(s) {
		if !slices.Contains(*a, v) {
			*a = append(*a, v)
		}
	}
	return nil
}

// withAspects returns a record's own named aspects followed by the flag's ones it lacks.
func withAspects(own []string, flag aspectFlag) []string { return mention.WithNamed(own, flag) }
