package engine

import (
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/insights"
)

// Roles of an Input (who speaks). Only the customer's voice is counted.
const (
	RoleCustomer = "customer"
	RoleAgent    = "agent"
	RoleSystem   = "system"
)

// Insights returns the customer-voice counters (by event time and dimensions), kept in the
// knowledge graph's Badger store. The engine only opens them: package record writes them,
// the server, jobs and tasks read them.
func (e *Engine) Insights() *insights.Store { return e.insights }

// readVoice reads an input's event time, dimensions and role and echoes them on its result.
// A time that does not parse, or an unknown role, fails the record (bad_time, bad_role).
func (e *Engine) readVoice(r *record) *RecordError {
	in := r.in
	r.res.Dims = in.Dims
	if len(in.Tags) > 0 {
		r.res.Tags = append([]string(nil), in.Tags...)
	}
	switch in.Role {
	case "", RoleCustomer, RoleAgent, RoleSystem:
		r.res.Role = in.Role
	default:
		return &RecordError{Code: recorderr.BadRole, Message: fmt.Sprintf("role %q is not one of customer, agent, system (empty means customer)", in.Role)}
	}
	if s := strings.TrimSpace(in.Time); s != "" {
		when, err := insights.ParseTime(s, e.cfg.Location)
		if err != nil {
			return &RecordError{Code: recorderr.BadTime, Message: fmt.Sprintf("time %q cannot be read (%v); use RFC 3339 (2024-11-03T14:05:00+08:00), 2024-11-03[ 14:05[:05]], 2024/11/03, 20241103, 2024年11月3日[ 14:05], or unix seconds/milliseconds", s, err)}
		}
		r.res.Time = when.Format(time.RFC3339)
	}
	return nil
}

// stampRole marks every mention of an agent's or a system's record with that role, so that
// the result shows whose words they are and the counters leave them out.
func stampRole(r *record) {
	if r.in.Role == "" {
		return
	}
	for i := range r.res.Aspects {
		r.res.Aspects[i].Role = r.in.Role
	}
}
