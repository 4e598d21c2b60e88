package tasks

import (
	"fmt"
	"strings"
	"time"
)

// Task is an improvement task created by a rule for one window.
type Task struct {
	ID           string   `json:"id"` // <industry>.<rule>.<window start yyyymmdd>
	Industry     string   `json:"industry"`
	RuleID       string   `json:"rule"`
	IndicatorID  string   `json:"indicator_id"`
	Indicator    string   `json:"indicator"`
	Indicators   []string `json:"indicators,omitempty"` // IndicatorID and the indicators below it: what is counted
	Point        string   `json:"point"`                // pain | itch | pleasure
	Severity     string   `json:"severity"`
	DepartmentID string   `json:"department_id"` // the rule's route_to
	Department   string   `json:"department"`
	WindowDays   int      `json:"window_days,omitempty"`
	WindowStart  string   `json:"window_start"` // yyyy-mm-dd, inclusive (event time)
	WindowEnd    string   `json:"window_end"`   // yyyy-mm-dd, inclusive

	Mentions       int64   `json:"mentions"`    // mentions of the indicators in the window
	PointCount     int64   `json:"point_count"` // of which the rule's point
	PrevMentions   int64   `json:"prev_mentions"`
	PrevPointCount int64   `json:"prev_point_count"`
	Share          float64 `json:"share"`        // PointCount / Mentions
	WowIncrease    float64 `json:"wow_increase"` // (PointCount − PrevPointCount) / PrevPointCount; 0 without a previous count
	Reason         string  `json:"reason"`

	Evidence []Evidence `json:"evidence,omitempty"` // the most relevant mentions, newest first

	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"` // when the task was opened
	UpdatedAt  time.Time `json:"updated_at"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	History    []Change  `json:"history,omitempty"`

	Delivery     Delivery      `json:"delivery"`
	Verification *Verification `json:"verification,omitempty"`
}

// Evidence is one mention supporting a task, with the record it came from.
type Evidence struct {
	RecordID  string    `json:"record_id,omitempty"`
	Time      time.Time `json:"time,omitzero"`
	Indicator string    `json:"indicator,omitempty"`
	Point     string    `json:"point,omitempty"`
	Polarity  string    `json:"polarity,omitempty"`
	Term      string    `json:"term,omitempty"`
	Opinion   string    `json:"opinion,omitempty"`
	Text      string    `json:"text"`
	Start     int       `json:"start,omitempty"` // code-point span of the mention in Text
	End       int       `json:"end,omitempty"`
}

// Change is one lifecycle step: who moved the task from what to what, when, and why.
type Change struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty"`
}

// Delivery is where a task's webhook delivery stands.
type Delivery struct {
	Status      string    `json:"status"`                // none | pending | delivered | dead
	URL         string    `json:"url,omitempty"`         // the endpoint used (no secret)
	Attempts    int       `json:"attempts,omitempty"`    // attempts of the last delivery run
	LastError   string    `json:"last_error,omitempty"`  //
	DeliveredAt time.Time `json:"delivered_at,omitzero"` //
}

// Delivery statuses.
const (
	DeliveryNone      = "none" // no webhook configured for the department (and no default)
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryDead      = "dead"
)

// Statuses of the lifecycle.
const (
	StatusOpen         = "open"
	StatusAcknowledged = "acknowledged"
	StatusInProgress   = "in_progress"
	StatusResolved     = "resolved"
	StatusVerified     = "verified"
	StatusDismissed    = "dismissed" // closed without a fix (false alarm, duplicate); from open, acknowledged or in_progress
)

// Statuses lists every status in lifecycle order.
var Statuses = []string{StatusOpen, StatusAcknowledged, StatusInProgress, StatusResolved, StatusVerified, StatusDismissed}

// Actions move a task from one status to the next.
const (
	ActionAck     = "ack"
	ActionStart   = "start"
	ActionResolve = "resolve"
	ActionVerify  = "verify"
	ActionDismiss = "dismiss"
)

// transitions: action → (allowed from-statuses, to-status).
var transitions = map[string]struct {
	from []string
	to   string
}{
	ActionAck:     {[]string{StatusOpen}, StatusAcknowledged},
	ActionStart:   {[]string{StatusAcknowledged}, StatusInProgress},
	ActionResolve: {[]string{StatusInProgress}, StatusResolved},
	ActionVerify:  {[]string{StatusResolved}, StatusVerified},
	ActionDismiss: {[]string{StatusOpen, StatusAcknowledged, StatusInProgress}, StatusDismissed},
}

// Actions lists the lifecycle actions.
var Actions = []string{ActionAck, ActionStart, ActionResolve, ActionVerify, ActionDismiss}

// ActionFor returns the action that leads to status ("acknowledged" → "ack"), for callers that
// name the target status (PATCH {"status": …}).
func ActionFor(status string) (string, bool) {
	for a, t := range transitions {
		if t.to == status {
			return a, true
		}
	}
	return "", false
}

// TransitionError is an illegal lifecycle step (HTTP 409, CLI exit 2).
type TransitionError struct {
	ID, Action, From string
	Allowed          []string // the statuses the action may start from
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("task %s is %s: %s needs it to be %s (lifecycle: open → acknowledged → in_progress → resolved → verified; dismiss from open, acknowledged or in_progress)",
		e.ID, e.From, e.Action, strings.Join(e.Allowed, " or "))
}

// next checks that action may be applied to a task in status from and returns the new status.
func next(id, from, action string) (string, error) {
	t, ok := transitions[action]
	if !ok {
		return "", fmt.Errorf("task %s: unknown action %q (want %s)", id, action, strings.Join(Actions, ", "))
	}
	for _, f := range t.from {
		if f == from {
			return t.to, nil
		}
	}
	return "", &TransitionError{ID: id, Action: action, From: from, Allowed: t.from}
}

// Filter selects tasks; empty fields match everything.
type Filter struct {
	Industry   string
	Department string // department id or name
	Status     string
	RuleID     string
	Limit      int // ≤ 0: all
}

func (f Filter) match(t *Task) bool {
	return (f.Industry == "" || t.Industry == f.Industry) &&
		(f.Status == "" || t.Status == f.Status) &&
		(f.RuleID == "" || t.RuleID == f.RuleID) &&
		(f.Department == "" || t.DepartmentID == f.Department || t.Department == f.Department)
}

// ValidStatus reports whether s is a lifecycle status.
func ValidStatus(s string) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}
