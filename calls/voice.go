package calls

import (
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/record"
)

// callTime reads the call's event time and echoes it and the dims on the result. A time that
// does not parse fails the call with an *engine.RecordError of code bad_time.
func (a *Analyzer) callTime(call *Call, res *CallResult) error {
	res.Dims = call.Dims
	s := strings.TrimSpace(call.Time)
	if s == "" {
		return nil
	}
	t, err := insights.ParseTime(s, a.e.Config().Location)
	if err != nil {
		return &engine.RecordError{Code: recorderr.BadTime, Message: fmt.Sprintf("call %s: time %q cannot be read (%v); use RFC 3339, 2024-11-03[ 14:05[:05]], 2024年11月3日[ 14:05] or unix seconds/milliseconds", res.ID, s, err)}
	}
	res.Time = t.Format(time.RFC3339)
	return nil
}

// engineRole is the engine.Input role of a turn: an unknown speaker is analysed like an
// agent's turn would be (never counted) but keeps its own mark on the aspects.
func engineRole(role string) string {
	switch role {
	case RoleCustomer:
		return engine.RoleCustomer
	case RoleSystem:
		return engine.RoleSystem
	}
	return engine.RoleAgent
}

// Entry is the call as the counters take it (record.Call): its id, time, dims and
// industry, the customer's remembered experience (peak-end score) as its sentiment, and
// every turn's analysed text and aspects with the turn's role (only the customer's count).
func (cr *CallResult) Entry() record.Call {
	c := record.Call{ID: cr.ID, Time: cr.Time, Dims: cr.Dims, Turns: make([]record.Turn, len(cr.Turns))}
	if cr.Industry != nil {
		c.Industry = cr.Industry.ID
	}
	for i, t := range cr.Turns {
		c.Turns[i] = record.Turn{Role: t.Role, Text: t.Clean, Mentions: t.Aspects}
	}
	if len(cr.Customer.Curve) > 0 {
		c.Sentiment = stateOf(cr.Customer.PeakEnd.Score)
	}
	return c
}
