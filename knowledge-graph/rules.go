package kg

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Task is an improvement task created by a rule.
type Task struct {
	ID             string    `json:"id"` // <industry>.<rule>.<window end yyyymmdd>
	Industry       string    `json:"industry"`
	RuleID         string    `json:"rule"`
	IndicatorID    string    `json:"indicator_id"`
	Indicator      string    `json:"indicator"`
	Point          string    `json:"point"`
	Severity       string    `json:"severity"`
	DepartmentID   string    `json:"department_id"` // route_to
	Department     string    `json:"department"`
	WindowStart    string    `json:"window_start"` // yyyy-mm-dd, inclusive
	WindowEnd      string    `json:"window_end"`   // yyyy-mm-dd, inclusive
	Mentions       int64     `json:"mentions"`     // all mentions of the indicator in the window
	PointCount     int64     `json:"point_count"`  // mentions of the rule's point
	PrevPointCount int64     `json:"prev_point_count"`
	Share          float64   `json:"share"`        // PointCount / Mentions
	WowIncrease    float64   `json:"wow_increase"` // (PointCount − Prev) / Prev; 0 without Prev
	Reason         string    `json:"reason"`
	Evidence       []string  `json:"evidence,omitempty"` // recent example texts
	Status         string    `json:"status"`             // open | done | dismissed
	CreatedAt      time.Time `json:"created_at"`
}

// Task statuses.
const (
	TaskOpen      = "open"
	TaskDone      = "done"
	TaskDismissed = "dismissed"
)

// TaskFilter selects tasks; empty fields match everything.
type TaskFilter struct {
	Industry   string
	Department string // route_to department id or name
	Status     string
	RuleID     string
	Limit      int // ≤ 0: all
}

const maxEvidencePerTask = 5

// EvaluateRules checks every rule of every industry over the window ending on now's
// calendar day (window_days long) against the window before it, and creates a task when
// the indicator (with its sub-indicators) has at least min_mentions mentions and either
// the rule point's share exceeds share_above or its count grew by more than
// wow_increase_above over the previous window. Tasks are deduplicated per rule and window:
// evaluating twice creates nothing new. It returns the newly created tasks.
func (s *Store) EvaluateRules(ctx context.Context, now time.Time) ([]Task, error) {
	g := s.Graph()
	end := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	var created []Task
	for _, in := range g.order {
		for _, r := range in.pack.Rules {
			if err := ctx.Err(); err != nil {
				return created, err
			}
			t, fire, err := s.evalRule(ctx, g, in, r, end)
			if err != nil {
				return created, fmt.Errorf("kg evaluate rule %s/%s: %w", in.pack.ID, r.ID, err)
			}
			if !fire {
				continue
			}
			ok, err := s.createTask(t)
			if err != nil {
				return created, fmt.Errorf("kg evaluate rule %s/%s: %w", in.pack.ID, r.ID, err)
			}
			if ok {
				s.log.Info("kg: task created", "task", t.ID, "reason", t.Reason)
				created = append(created, t)
			}
		}
	}
	return created, nil
}

func (s *Store) evalRule(ctx context.Context, g *Graph, in *industry, r RuleSpec, end time.Time) (Task, bool, error) {
	win := r.WindowDays
	if win <= 0 {
		win = DefaultWindowDays
	}
	start := end.AddDate(0, 0, -(win - 1))
	prevEnd := start.AddDate(0, 0, -1)
	prevStart := prevEnd.AddDate(0, 0, -(win - 1))
	ids := g.Descendants(in.pack.ID, r.Indicator)
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var cur, prev Totals
	err := s.scanCounts(ctx, in.pack.ID, prevStart, end, func(c countRow) {
		if !want[c.Indicator] {
			return
		}
		if c.Day >= dayKey(start) {
			cur.add(c.Point, c.Polarity, c.N)
		} else {
			prev.add(c.Point, c.Polarity, c.N)
		}
	})
	if err != nil {
		return Task{}, false, err
	}
	pc, pp := cur.PointCount(r.Point), prev.PointCount(r.Point)
	if cur.Mentions == 0 || cur.Mentions < int64(r.MinMentions) {
		return Task{}, false, nil
	}
	share := float64(pc) / float64(cur.Mentions)
	wow := 0.0
	if pp > 0 {
		wow = float64(pc-pp) / float64(pp)
	}
	var reasons []string
	if r.ShareAbove > 0 && share > r.ShareAbove {
		reasons = append(reasons, fmt.Sprintf("%s share %.0f%% > %.0f%% of %d mentions", r.Point, share*100, r.ShareAbove*100, cur.Mentions))
	}
	if r.WowIncreaseAbove > 0 && pp > 0 && wow > r.WowIncreaseAbove {
		reasons = append(reasons, fmt.Sprintf("%s count %d → %d (+%.0f%%) vs the previous %d days, above +%.0f%%", r.Point, pp, pc, wow*100, win, r.WowIncreaseAbove*100))
	}
	if len(reasons) == 0 {
		return Task{}, false, nil
	}
	x := in.inds[r.Indicator]
	d := in.depts[r.RouteTo]
	t := Task{
		ID:       in.pack.ID + "." + r.ID + "." + dayKey(end),
		Industry: in.pack.ID, RuleID: r.ID, IndicatorID: r.Indicator, Point: r.Point, Severity: r.Severity,
		DepartmentID: r.RouteTo,
		WindowStart:  start.Format("2006-01-02"), WindowEnd: end.Format("2006-01-02"),
		Mentions: cur.Mentions, PointCount: pc, PrevPointCount: pp,
		Share: round3(share), WowIncrease: round3(wow),
		Reason: strings.Join(reasons, "; "), Status: TaskOpen, CreatedAt: time.Now().UTC(),
	}
	if x != nil {
		t.Indicator = x.Name
	}
	if d != nil {
		t.Department = d.Name
	}
	ev, err := s.evidence(in.pack.ID, ids, r.Point, start, end)
	if err != nil {
		return Task{}, false, err
	}
	t.Evidence = ev
	return t, true, nil
}

// evidence collects up to maxEvidencePerTask example texts, most recent days first.
func (s *Store) evidence(industry string, indicators []string, point string, start, end time.Time) ([]string, error) {
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		for d := end; !d.Before(start) && len(out) < maxEvidencePerTask; d = d.AddDate(0, 0, -1) {
			for _, id := range indicators {
				var ex []string
				if err := getJSON(txn, []byte(kEvidence+industry+"/"+dayKey(d)+"/"+id+"/"+point), &ex); err != nil {
					return err
				}
				for i := len(ex) - 1; i >= 0 && len(out) < maxEvidencePerTask; i-- {
					if !contains(out, ex[i]) {
						out = append(out, ex[i])
					}
				}
			}
		}
		return nil
	})
	return out, err
}

var errTaskExists = errors.New("task exists")

func (s *Store) createTask(t Task) (bool, error) {
	key := []byte(kTask + t.ID)
	err := s.update(func(txn *badger.Txn) error {
		if _, err := txn.Get(key); err == nil {
			return errTaskExists
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		return setJSON(txn, key, t)
	}, "create task "+t.ID)
	if errors.Is(err, errTaskExists) {
		return false, nil
	}
	return err == nil, err
}

// Tasks lists stored tasks matching the filter, newest first.
func (s *Store) Tasks(ctx context.Context, f TaskFilter) ([]Task, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	prefix := kTask
	if f.Industry != "" {
		prefix += f.Industry + "."
	}
	var out []Task
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var t Task
			if err := it.Item().Value(func(v []byte) error { return jsonUnmarshal(v, &t) }); err != nil {
				return err
			}
			if f.Status != "" && t.Status != f.Status || f.RuleID != "" && t.RuleID != f.RuleID ||
				f.Department != "" && t.DepartmentID != f.Department && t.Department != f.Department {
				continue
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kg tasks: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// SetTaskStatus marks a task open, done or dismissed.
func (s *Store) SetTaskStatus(ctx context.Context, id, status string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if status != TaskOpen && status != TaskDone && status != TaskDismissed {
		return fmt.Errorf("set task %s: unknown status %q", id, status)
	}
	key := []byte(kTask + id)
	return s.update(func(txn *badger.Txn) error {
		var t Task
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		if err := item.Value(func(v []byte) error { return jsonUnmarshal(v, &t) }); err != nil {
			return err
		}
		t.Status = status
		return setJSON(txn, key, t)
	}, "set task "+id)
}
