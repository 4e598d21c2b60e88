package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/store"
)

// Key layout (LAYOUT.md). Everything of this package lives under "tsk/v1/".
const (
	kPrefix = "tsk/v1/"
	kMeta   = kPrefix + "meta" // → meta
	kTask   = kPrefix + "t/"   // t/<task id> → Task
	kOutbox = kPrefix + "o/"   // o/<task id> → outboxEntry (delivery pending)
	kDead   = kPrefix + "d/"   // d/<task id> → DeadLetter
	kgTask  = "k/"             // the knowledge graph's former task keys (migrated by Open)
	layoutV = 1                // meta.Version
)

// ErrNotFound is returned for an unknown task id.
var ErrNotFound = errors.New("no such task")

type meta struct {
	Version      int       `json:"version"`
	KGMigratedAt time.Time `json:"kg_migrated_at,omitzero"`
	KGMigrated   int       `json:"kg_migrated"`
}

type outboxEntry struct {
	QueuedAt time.Time `json:"queued_at"`
}

// DeadLetter is a task whose delivery failed for good; it stays until redelivered.
type DeadLetter struct {
	TaskID       string    `json:"task_id"`
	Industry     string    `json:"industry"`
	DepartmentID string    `json:"department_id"`
	URL          string    `json:"url"`
	Attempts     int       `json:"attempts"`
	LastError    string    `json:"last_error"`
	DeadAt       time.Time `json:"dead_at"`
}

// taskStore is the Badger side: tasks, outbox, dead letters.
type taskStore struct {
	db    *badger.DB
	check func(what string) error // Options.CheckWrite
	sync  func() error            // Options.Sync
}

// update runs fn in a read-write transaction, retrying on conflicts.
func (s *taskStore) update(what string, fn func(txn *badger.Txn) error) error {
	if s.check != nil {
		if err := s.check("tasks " + what); err != nil {
			return err
		}
	}
	err := store.UpdateRetrying(s.db, fn)
	if err == nil && s.sync != nil {
		err = s.sync()
	}
	if err != nil {
		return fmt.Errorf("tasks %s: %w", what, err)
	}
	return nil
}

// getJSON reads key into v; found is false when the key is absent.
func getJSON(txn *badger.Txn, key string, v any) (found bool, err error) {
	item, err := txn.Get([]byte(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	err = item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
	if err != nil {
		return true, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

func setJSON(txn *badger.Txn, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return txn.Set([]byte(key), b)
}

// create stores t unless a task with its id exists; with queue it also enqueues its delivery.
func (s *taskStore) create(t *Task, queue bool) (bool, error) {
	created := false
	err := s.update("create "+t.ID, func(txn *badger.Txn) error {
		created = false
		if _, err := txn.Get([]byte(kTask + t.ID)); err == nil {
			return nil
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if err := setJSON(txn, kTask+t.ID, t); err != nil {
			return err
		}
		if queue {
			if err := setJSON(txn, kOutbox+t.ID, outboxEntry{QueuedAt: t.CreatedAt}); err != nil {
				return err
			}
		}
		created = true
		return nil
	})
	return created, err
}

func (s *taskStore) get(id string) (Task, error) {
	var t Task
	err := s.db.View(func(txn *badger.Txn) error {
		found, err := getJSON(txn, kTask+id, &t)
		if err == nil && !found {
			return fmt.Errorf("task %q: %w", id, ErrNotFound)
		}
		return err
	})
	return t, err
}

// modify applies fn to the stored task atomically.
func (s *taskStore) modify(id, what string, fn func(txn *badger.Txn, t *Task) error) (Task, error) {
	var t Task
	err := s.update(what+" "+id, func(txn *badger.Txn) error {
		t = Task{}
		found, err := getJSON(txn, kTask+id, &t)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("task %q: %w", id, ErrNotFound)
		}
		if err := fn(txn, &t); err != nil {
			return err
		}
		return setJSON(txn, kTask+id, &t)
	})
	return t, err
}

func (s *taskStore) list(ctx context.Context, f Filter) ([]Task, error) {
	prefix := kTask
	if f.Industry != "" {
		prefix += f.Industry + "."
	}
	var out []Task
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var t Task
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &t) }); err != nil {
				return fmt.Errorf("decode %s: %w", it.Item().Key(), err)
			}
			if f.match(&t) {
				out = append(out, t)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tasks list: %w", err)
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

// has reports whether key exists.
func (s *taskStore) has(key string) (bool, error) {
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(key))
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ids lists the ids under a prefix (outbox, dead letters).
func (s *taskStore) ids(prefix string) ([]string, error) {
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			out = append(out, strings.TrimPrefix(string(it.Item().Key()), prefix))
		}
		return nil
	})
	return out, err
}

func (s *taskStore) deadLetters(ctx context.Context) ([]DeadLetter, error) {
	var out []DeadLetter
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kDead), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var d DeadLetter
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &d) }); err != nil {
				return fmt.Errorf("decode %s: %w", it.Item().Key(), err)
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tasks dead letters: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DeadAt.After(out[j].DeadAt) })
	return out, nil
}

// legacyTask is the knowledge graph's former task record under "k/<id>".
type legacyTask struct {
	ID             string    `json:"id"`
	Industry       string    `json:"industry"`
	RuleID         string    `json:"rule"`
	IndicatorID    string    `json:"indicator_id"`
	Indicator      string    `json:"indicator"`
	Point          string    `json:"point"`
	Severity       string    `json:"severity"`
	DepartmentID   string    `json:"department_id"`
	Department     string    `json:"department"`
	WindowStart    string    `json:"window_start"`
	WindowEnd      string    `json:"window_end"`
	Mentions       int64     `json:"mentions"`
	PointCount     int64     `json:"point_count"`
	PrevPointCount int64     `json:"prev_point_count"`
	Share          float64   `json:"share"`
	WowIncrease    float64   `json:"wow_increase"`
	Reason         string    `json:"reason"`
	Evidence       []string  `json:"evidence"`
	Status         string    `json:"status"` // open | done | dismissed
	CreatedAt      time.Time `json:"created_at"`
}

// fromLegacy converts a kg task: done becomes resolved, dismissed stays, anything else is open;
// the conversion is recorded in the history. Legacy tasks were never delivered.
func fromLegacy(o legacyTask, now time.Time) Task {
	t := Task{ID: o.ID, Industry: o.Industry, RuleID: o.RuleID, IndicatorID: o.IndicatorID, Indicator: o.Indicator,
		Point: o.Point, Severity: o.Severity, DepartmentID: o.DepartmentID, Department: o.Department,
		WindowStart: o.WindowStart, WindowEnd: o.WindowEnd, Mentions: o.Mentions, PointCount: o.PointCount,
		PrevPointCount: o.PrevPointCount, Share: o.Share, WowIncrease: o.WowIncrease, Reason: o.Reason,
		Status: StatusOpen, CreatedAt: o.CreatedAt, UpdatedAt: now, Delivery: Delivery{Status: DeliveryNone}}
	if s, e := time.Parse("2006-01-02", o.WindowStart); e == nil {
		if e2, err := time.Parse("2006-01-02", o.WindowEnd); err == nil {
			t.WindowDays = int(e2.Sub(s).Hours()/24) + 1
		}
	}
	if o.IndicatorID != "" {
		t.Indicators = []string{o.IndicatorID}
	}
	for _, ex := range o.Evidence {
		t.Evidence = append(t.Evidence, Evidence{Text: ex, Point: o.Point})
	}
	note := "migrated from the knowledge graph's task store (status " + o.Status + ")"
	switch o.Status {
	case "done":
		t.Status = StatusResolved
	case "dismissed":
		t.Status = StatusDismissed
	}
	t.History = []Change{{From: o.Status, To: t.Status, By: "migration", At: now, Note: note}}
	return t
}

// migrate moves the knowledge graph's tasks ("k/<id>") to this layout, once. A task already
// present under the new key wins; the old key is deleted either way.
func (s *taskStore) migrate(now time.Time) (int, error) {
	var m meta
	if err := s.db.View(func(txn *badger.Txn) error { _, err := getJSON(txn, kMeta, &m); return err }); err != nil {
		return 0, fmt.Errorf("tasks migrate: %w", err)
	}
	if m.Version > layoutV {
		return 0, fmt.Errorf("tasks: store layout version %d is newer than this build's %d", m.Version, layoutV)
	}
	if m.Version == layoutV && !m.KGMigratedAt.IsZero() {
		return 0, nil
	}
	var old []legacyTask
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kgTask), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var o legacyTask
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &o) }); err != nil {
				return fmt.Errorf("decode %s: %w", it.Item().Key(), err)
			}
			if o.ID == "" {
				o.ID = strings.TrimPrefix(string(it.Item().Key()), kgTask)
			}
			old = append(old, o)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("tasks migrate: %w", err)
	}
	n := 0
	for _, o := range old {
		t := fromLegacy(o, now)
		err := s.update("migrate "+o.ID, func(txn *badger.Txn) error {
			if _, err := txn.Get([]byte(kTask + t.ID)); errors.Is(err, badger.ErrKeyNotFound) {
				if err := setJSON(txn, kTask+t.ID, t); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
			return txn.Delete([]byte(kgTask + o.ID))
		})
		if err != nil {
			return n, err
		}
		n++
	}
	m = meta{Version: layoutV, KGMigratedAt: now, KGMigrated: n}
	return n, s.update("write meta", func(txn *badger.Txn) error { return setJSON(txn, kMeta, m) })
}
