package tasks

import (
	"fmt"
	"time"
)

// Significance is the two-sided p-value below which a before/after change counts.
const Significance = 0.05

// Period is a stretch of event time [From, To) with the task's point among its indicators'
// mentions there.
type Period struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Mentions int64     `json:"mentions"`
	Point    int64     `json:"point"` // mentions of the task's point (pains for a pain rule)
	Share    float64   `json:"share"` // Point / Mentions
}

// Verification is the before/after measure stored on a task when it is verified: the share
// of the task's point (pains for a pain rule) among the mentions of its indicators in the
// window_days calendar days before the day the task was opened, against the window_days
// days after the day it was resolved (cut at the end of the verification day: Partial), with
// a pooled two-proportion z-test (two-sided).
type Verification struct {
	Before      Period    `json:"before"`
	After       Period    `json:"after"`
	Change      float64   `json:"change"` // After.Share − Before.Share
	Test        string    `json:"test"`
	Z           float64   `json:"z"`
	PValue      float64   `json:"p_value"`
	Significant bool      `json:"significant"` // PValue < Significance
	Verdict     string    `json:"verdict"`     // improved | worse | no significant change | insufficient data
	Partial     bool      `json:"partial"`     // the after window had not ended at verification: it was cut there
	ComputedAt  time.Time `json:"computed_at"`
}

// Verdicts.
const (
	VerdictImproved     = "improved"
	VerdictWorse        = "worse"
	VerdictNoChange     = "no significant change"
	VerdictInsufficient = "insufficient data"
)

// verdict builds the Verification from the two periods' counts.
func verdict(point string, b Period, bt tally, a Period, at tally, partial bool, now time.Time) *Verification {
	b.Mentions, b.Point = bt.Mentions, bt.Point
	a.Mentions, a.Point = at.Mentions, at.Point
	if b.Mentions > 0 {
		b.Share = round4(float64(b.Point) / float64(b.Mentions))
	}
	if a.Mentions > 0 {
		a.Share = round4(float64(a.Point) / float64(a.Mentions))
	}
	v := &Verification{Before: b, After: a, Partial: partial, ComputedAt: now.UTC(), PValue: 1,
		Test: fmt.Sprintf("pooled two-proportion z-test, two-sided, of %s / mentions; significant at p < %g", point, Significance)}
	z, p, ok := twoProportionZ(bt.Point, bt.Mentions, at.Point, at.Mentions)
	if b.Mentions > 0 && a.Mentions > 0 {
		v.Change = round4(float64(at.Point)/float64(at.Mentions) - float64(bt.Point)/float64(bt.Mentions))
	}
	switch {
	case b.Mentions == 0 || a.Mentions == 0:
		v.Verdict = VerdictInsufficient
	case !ok:
		v.Verdict = VerdictNoChange // both shares 0 or both 1
	default:
		v.Z, v.PValue = round4(z), round4(p)
		v.Significant = p < Significance
		switch {
		case v.Significant && z < 0:
			v.Verdict = VerdictImproved
		case v.Significant && z > 0:
			v.Verdict = VerdictWorse
		default:
			v.Verdict = VerdictNoChange
		}
	}
	return v
}
