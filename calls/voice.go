package calls

import (
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
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

// AsResult is the call as the counters see it (engine.Record): one record with the call's
// id, time, dims and industry; the customer's turns joined as its text (the customer's
// aspects re-based onto it); every turn's aspects with their role (only the customer's
// count); and the customer's remembered experience (peak-end score) as its sentiment.
func (cr *CallResult) AsResult() engine.Result {
	res := engine.Result{ID: cr.ID, Industry: cr.Industry, Time: cr.Time, Dims: cr.Dims}
	var text strings.Builder
	offset := 0
	for _, t := range cr.Turns {
		shift := 0
		if t.Role == RoleCustomer && t.Clean != "" {
			if text.Len() > 0 {
				text.WriteString("\n")
				offset++
			}
			shift = offset
			text.WriteString(t.Clean)
			offset += utf8.RuneCountInString(t.Clean)
		}
		for _, as := range t.Aspects {
			if as.Role == "" {
				as.Role = t.Role
			}
			if t.Role == RoleCustomer {
				as.Start += shift
				as.End += shift
				as.OpinionStart += shift
				as.OpinionEnd += shift
			}
			res.Aspects = append(res.Aspects, as)
		}
	}
	res.Sentences = []engine.Sentence{{Text: text.String(), Start: 0, End: offset}}
	if len(cr.Customer.Curve) > 0 {
		res.Sentiment = &engine.Sentiment{Label: stateOf(cr.Customer.PeakEnd.Score)}
	}
	return res
}
