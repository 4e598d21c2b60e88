package tasks

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
)

// Source is what rules are evaluated on: event-time counts and evidence of customer-voice
// mentions (*insights.Store satisfies it).
type Source interface {
	Counts(ctx context.Context, f insights.Filter) (insights.Counts, error)
	Evidence(ctx context.Context, f insights.Filter, point string, n int) ([]insights.Evidence, error)
}

// tally is the rule's point among the mentions of its indicators.
type tally struct{ Mentions, Point int64 }

func pointOf(c insights.Counts, point string) int64 {
	switch point {
	case kg.PointPain:
		return c.Pain
	case kg.PointItch:
		return c.Itch
	case kg.PointPleasure:
		return c.Pleasure
	}
	return 0
}

// count sums the counts of the indicators in [from, to).
func (m *Manager) count(ctx context.Context, industry string, indicators []string, point string, from, to time.Time) (tally, error) {
	var t tally
	for _, id := range indicators {
		c, err := m.src.Counts(ctx, insights.Filter{Industry: industry, Indicator: id, From: from, To: to})
		if err != nil {
			return t, fmt.Errorf("counts of %s/%s: %w", industry, id, err)
		}
		t.Mentions += c.Mentions
		t.Point += pointOf(c, point)
	}
	return t, nil
}

// Evaluate checks every rule of every industry on the window containing now and on
// Options.Lookback windows before it. A rule fires for a window when its indicator (with the
// indicators below it) has at least min_mentions mentions there (and at least one) and
// either the rule point's share of them exceeds share_above, or the point's count grew by
// more than wow_increase_above over the window before. A firing rule creates its task for
// that window once (id <industry>.<rule>.<window start yyyymmdd>), assigned to route_to,
// with the most relevant mentions as evidence, and queues its delivery. It returns the
// tasks it created; rules already fired for a window create nothing.
func (m *Manager) Evaluate(ctx context.Context, now time.Time) ([]Task, error) {
	if m.src == nil {
		return nil, errors.New("tasks evaluate: no insights store")
	}
	g := m.graph.Graph()
	var created []Task
	var errs []error
	for _, in := range g.Industries() {
		for _, r := range g.Rules(in.ID) {
			for back := m.opt.Lookback; back >= 0; back-- {
				if err := ctx.Err(); err != nil {
					return created, err
				}
				w := windowOf(now, r.WindowDays, back, m.opt.Location)
				t, fire, err := m.evalRule(ctx, g, in.ID, r, w, now)
				if err != nil {
					errs = append(errs, fmt.Errorf("rule %s/%s window %s: %w", in.ID, r.ID, w.Start.Format("2006-01-02"), err))
					continue
				}
				if !fire {
					continue
				}
				_, ok := m.opt.Webhooks.For(t.DepartmentID)
				if ok {
					t.Delivery.Status = DeliveryPending
				}
				isNew, err := m.st.create(&t, ok)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if isNew {
					m.log.Info("tasks: created", "task", t.ID, "department", t.DepartmentID, "reason", t.Reason)
					created = append(created, t)
				}
			}
		}
	}
	if len(created) > 0 {
		m.Wake()
	}
	if len(errs) > 0 {
		return created, fmt.Errorf("tasks evaluate: %w", errors.Join(errs...))
	}
	return created, nil
}

// evalRule decides whether rule r fires for window w and builds its task.
func (m *Manager) evalRule(ctx context.Context, g *kg.Graph, industry string, r kg.RuleSpec, w window, now time.Time) (Task, bool, error) {
	days := r.WindowDays
	if days <= 0 {
		days = kg.DefaultWindowDays
	}
	ids := g.Descendants(industry, r.Indicator)
	if len(ids) == 0 {
		return Task{}, false, fmt.Errorf("indicator %q is not in the graph", r.Indicator)
	}
	cur, err := m.count(ctx, industry, ids, r.Point, w.Start, w.End)
	if err != nil {
		return Task{}, false, err
	}
	if cur.Mentions == 0 || cur.Mentions < int64(r.MinMentions) {
		return Task{}, false, nil
	}
	pw := w.prev(days, m.opt.Location)
	prev, err := m.count(ctx, industry, ids, r.Point, pw.Start, pw.End)
	if err != nil {
		return Task{}, false, err
	}
	fire, share, wow, reason := decide(r, days, cur, prev)
	if !fire {
		return Task{}, false, nil
	}
	t := Task{
		ID:       industry + "." + r.ID + "." + w.Start.Format("20060102"),
		Industry: industry, RuleID: r.ID, IndicatorID: r.Indicator, Indicators: ids, Point: r.Point, Severity: r.Severity,
		DepartmentID: r.RouteTo, WindowDays: days,
		WindowStart: w.Start.Format("2006-01-02"), WindowEnd: w.lastDay(),
		Mentions: cur.Mentions, PointCount: cur.Point, PrevMentions: prev.Mentions, PrevPointCount: prev.Point,
		Share: round3(share), WowIncrease: round3(wow), Reason: reason,
		Status: StatusOpen, CreatedAt: now.UTC(), UpdatedAt: now.UTC(), Delivery: Delivery{Status: DeliveryNone},
	}
	if x, ok := g.Indicator(industry, r.Indicator); ok {
		t.Indicator = x.Name
	}
	if p, ok := g.Pack(industry); ok {
		for _, d := range p.Departments {
			if d.ID == r.RouteTo {
				t.Department = d.Name
			}
		}
	}
	if t.Evidence, err = m.evidence(ctx, industry, ids, r.Point, w); err != nil {
		return Task{}, false, err
	}
	return t, true, nil
}

// decide applies a rule's thresholds to the window's tally and the previous window's.
func decide(r kg.RuleSpec, days int, cur, prev tally) (fire bool, share, wow float64, reason string) {
	if cur.Mentions == 0 || cur.Mentions < int64(r.MinMentions) {
		return false, 0, 0, ""
	}
	share = float64(cur.Point) / float64(cur.Mentions)
	if prev.Point > 0 {
		wow = float64(cur.Point-prev.Point) / float64(prev.Point)
	}
	var reasons []string
	if r.ShareAbove > 0 && share > r.ShareAbove {
		reasons = append(reasons, fmt.Sprintf("%s share %.0f%% > %.0f%% of %d mentions", r.Point, share*100, r.ShareAbove*100, cur.Mentions))
	}
	if r.WowIncreaseAbove > 0 && prev.Point > 0 && wow > r.WowIncreaseAbove {
		reasons = append(reasons, fmt.Sprintf("%s count %d → %d (+%.0f%%) vs the previous %d days, above +%.0f%%", r.Point, prev.Point, cur.Point, wow*100, days, r.WowIncreaseAbove*100))
	}
	return len(reasons) > 0, share, wow, strings.Join(reasons, "; ")
}

// evidence gathers the most relevant mentions of the rule's point over its indicators in the
// window, newest first.
func (m *Manager) evidence(ctx context.Context, industry string, ids []string, point string, w window) ([]Evidence, error) {
	n := m.opt.EvidencePerTask
	var out []Evidence
	seen := map[string]bool{}
	for _, id := range ids {
		ev, err := m.src.Evidence(ctx, insights.Filter{Industry: industry, Indicator: id, From: w.Start, To: w.End}, point, n)
		if err != nil {
			return nil, fmt.Errorf("evidence of %s/%s: %w", industry, id, err)
		}
		for _, e := range ev {
			k := e.RecordID + "\x00" + e.Text + "\x00" + e.Term
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, Evidence{RecordID: e.RecordID, Time: e.Time, Indicator: e.Indicator, Point: e.Point, Polarity: e.Polarity,
				Term: e.Term, Opinion: e.Opinion, Text: e.Text, Start: e.Start, End: e.End})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// verification compares the share of the task's point among its indicators' mentions in
// the window before the task was opened with the same-length window after it was resolved.
func (m *Manager) verification(ctx context.Context, t *Task, at time.Time) (*Verification, error) {
	if m.src == nil {
		return nil, errors.New("no insights store")
	}
	days := t.WindowDays
	if days <= 0 {
		days = kg.DefaultWindowDays
	}
	ids := t.Indicators
	if len(ids) == 0 {
		ids = []string{t.IndicatorID}
	}
	resolved := t.ResolvedAt
	if resolved.IsZero() {
		resolved = t.UpdatedAt
	}
	// Whole calendar days (the counters' unit): the days before the day the task was
	// opened, and the days after the day it was resolved, cut at the end of today.
	loc := m.opt.Location
	opened, res, today := civilDays(t.CreatedAt, loc), civilDays(resolved, loc), civilDays(at, loc)
	b := Period{From: dayAt(opened-days, loc), To: dayAt(opened, loc)}
	a := Period{From: dayAt(res+1, loc), To: dayAt(res+1+days, loc)}
	partial := false
	if end := dayAt(today+1, loc); a.To.After(end) {
		a.To, partial = end, true
	}
	bt, err := m.count(ctx, t.Industry, ids, t.Point, b.From, b.To)
	if err != nil {
		return nil, err
	}
	var atl tally
	if a.To.After(a.From) {
		if atl, err = m.count(ctx, t.Industry, ids, t.Point, a.From, a.To); err != nil {
			return nil, err
		}
	}
	return verdict(t.Point, b, bt, a, atl, partial, at), nil
}
