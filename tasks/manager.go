package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/kg"
)

// Options configures a Manager. Zero values take the documented defaults.
type Options struct {
	// Location is the time zone whose calendar days bound rule windows (default time.Local).
	Location *time.Location
	// EvidencePerTask is the most evidence mentions stored on a task (default 5).
	EvidencePerTask int
	// Lookback is how many complete windows before the current one each evaluation
	// re-checks, so that late or back-filled records still raise their window's task
	// (default 1; negative: only the current window).
	Lookback int
	// Every is Run's rule-evaluation interval; 0 disables scheduled evaluation (Run then
	// only delivers).
	Every time.Duration
	// Webhooks routes tasks to their department's receiver; with no endpoint for a
	// department and no default, its tasks are stored with delivery status "none".
	Webhooks Webhooks
	// Retry bounds each delivery (defaults in Retry).
	Retry Retry
	// Client sends the webhooks (default: a plain http.Client; Retry.Timeout bounds each attempt).
	Client *http.Client
	// Workers is the most deliveries in flight at once (default 4).
	Workers int
	// Rescan is how often Run looks at the outbox besides being woken (default 30 s): it
	// picks up redeliveries queued by another process and deliveries interrupted by a stop.
	Rescan time.Duration
	// Logger receives task and delivery notes (default: discarded).
	Logger *slog.Logger
	// CheckWrite, when set, is asked before every write transaction (store.Store.CheckWrite:
	// the free-disk reserve); its error refuses the write and is returned wrapped.
	CheckWrite func(what string) error
	// Sync, when set, is called after every write transaction (store.Store.SyncNow: with
	// --durability interval, an acknowledged task change is fsynced before it returns).
	Sync func() error
}

func (o Options) withDefaults() Options {
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.EvidencePerTask <= 0 {
		o.EvidencePerTask = 5
	}
	if o.Lookback == 0 {
		o.Lookback = 1
	} else if o.Lookback < 0 {
		o.Lookback = 0
	}
	o.Retry = o.Retry.withDefaults()
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Rescan <= 0 {
		o.Rescan = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// GraphSource gives the current knowledge graph (store.Store satisfies it).
type GraphSource interface {
	Graph() *kg.Graph
}

// Manager evaluates rules, stores tasks, runs their lifecycle and delivers them.
type Manager struct {
	st    taskStore
	graph GraphSource
	src   Source
	opt   Options
	log   *slog.Logger

	wake chan struct{}

	mu       sync.Mutex
	inflight map[string]bool // task ids being delivered
	running  bool
}

// New opens the task store in db (shared with the knowledge graph and insights; Close of
// the Manager never closes db), migrating the knowledge graph's former tasks once. graph
// gives the rules and names; src the counts and evidence rules are evaluated on.
func New(db *badger.DB, graph GraphSource, src Source, opt Options) (*Manager, error) {
	if db == nil || graph == nil {
		return nil, errors.New("tasks: nil store or graph")
	}
	opt = opt.withDefaults()
	m := &Manager{st: taskStore{db: db, check: opt.CheckWrite, sync: opt.Sync}, graph: graph, src: src, opt: opt, log: opt.Logger,
		wake: make(chan struct{}, 1), inflight: map[string]bool{}}
	n, err := m.st.migrate(time.Now().UTC())
	if errors.Is(err, diskspace.ErrLow) {
		// The store is read-only for lack of disk space: tasks are served as they are; the
		// migration is resumable and runs at the next start with space.
		m.log.Warn("tasks: migration postponed", "err", err)
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if n > 0 {
		m.log.Info("tasks: migrated the knowledge graph's tasks", "tasks", n)
	}
	return m, nil
}

// Location is the time zone of the rule windows' calendar days.
func (m *Manager) Location() *time.Location { return m.opt.Location }

// Get returns one task.
func (m *Manager) Get(ctx context.Context, id string) (Task, error) {
	if err := ctx.Err(); err != nil {
		return Task{}, err
	}
	return m.st.get(id)
}

// List returns the tasks matching f, newest first.
func (m *Manager) List(ctx context.Context, f Filter) ([]Task, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return m.st.list(ctx, f)
}

// DeadLetters lists the tasks whose delivery failed for good, newest first.
func (m *Manager) DeadLetters(ctx context.Context) ([]DeadLetter, error) {
	return m.st.deadLetters(ctx)
}

// Step is one lifecycle action on a task.
type Step struct {
	Action string    // ack | start | resolve | verify | dismiss
	By     string    // who (required)
	Note   string    // why, what was done
	At     time.Time // when (default now)
}

// Transition applies a lifecycle step. An illegal step returns a *TransitionError; an
// unknown id wraps ErrNotFound. Verifying computes the before/after share of the task's
// point (Verification) from the insights counts.
func (m *Manager) Transition(ctx context.Context, id string, s Step) (Task, error) {
	if err := ctx.Err(); err != nil {
		return Task{}, err
	}
	if s.By == "" {
		return Task{}, fmt.Errorf("task %s: %s: who is acting is required (by)", id, s.Action)
	}
	if s.At.IsZero() {
		s.At = time.Now()
	}
	s.At = s.At.UTC()
	var ver *Verification
	if s.Action == ActionVerify {
		t, err := m.st.get(id)
		if err != nil {
			return Task{}, err
		}
		if _, err := next(id, t.Status, s.Action); err != nil {
			return Task{}, err
		}
		if ver, err = m.verification(ctx, &t, s.At); err != nil {
			return Task{}, fmt.Errorf("task %s: verify: %w", id, err)
		}
	}
	return m.st.modify(id, s.Action, func(_ *badger.Txn, t *Task) error {
		to, err := next(id, t.Status, s.Action)
		if err != nil {
			return err
		}
		t.History = append(t.History, Change{From: t.Status, To: to, By: s.By, At: s.At, Note: s.Note})
		t.Status, t.UpdatedAt = to, s.At
		if to == StatusResolved {
			t.ResolvedAt = s.At
		}
		if ver != nil {
			t.Verification = ver
		}
		return nil
	})
}

// Redeliver queues a task's webhook delivery again (a dead letter is removed) and wakes
// the delivery loop of this process; a running server also picks it up within Rescan.
func (m *Manager) Redeliver(ctx context.Context, id string) (Task, error) {
	if err := ctx.Err(); err != nil {
		return Task{}, err
	}
	t, err := m.st.modify(id, "redeliver", func(txn *badger.Txn, t *Task) error {
		if err := txn.Delete([]byte(kDead + id)); err != nil {
			return err
		}
		t.Delivery.Status, t.Delivery.LastError = DeliveryPending, ""
		return setJSON(txn, kOutbox+id, outboxEntry{QueuedAt: time.Now().UTC()})
	})
	if err == nil {
		m.Wake()
	}
	return t, err
}

// Wake tells Run's delivery loop to look at the outbox now.
func (m *Manager) Wake() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Run evaluates the rules every Options.Every (when > 0) and delivers queued tasks until
// ctx is done; then it waits for deliveries in flight to stop (an interrupted delivery
// stays queued for the next start). One Run per Manager.
func (m *Manager) Run(ctx context.Context) error {
	m.mu.Lock()
	if m.running {
		m.mu.Unlock()
		return errors.New("tasks: Run is already running")
	}
	m.running = true
	m.mu.Unlock()
	defer func() { m.mu.Lock(); m.running = false; m.mu.Unlock() }()

	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, m.opt.Workers)
	rescan := time.NewTicker(m.opt.Rescan)
	defer rescan.Stop()
	var evalC <-chan time.Time
	if m.opt.Every > 0 && m.src == nil {
		m.log.Warn("tasks: rules are not evaluated on a schedule: no insights counters (enable recording)")
	} else if m.opt.Every > 0 {
		t := time.NewTicker(m.opt.Every)
		defer t.Stop()
		evalC = t.C
	}
	dispatch := func() {
		ids, err := m.st.ids(kOutbox)
		if err != nil {
			m.log.Error("tasks: read outbox", "err", err)
			return
		}
		for _, id := range ids {
			if !m.claim(id) {
				continue
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				m.release(id)
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				defer m.release(id)
				m.deliver(ctx, id)
			}()
		}
	}
	evaluate := func() {
		created, err := m.Evaluate(ctx, time.Now())
		if err != nil && ctx.Err() == nil {
			m.log.Error("tasks: evaluate rules", "err", err)
		}
		if len(created) > 0 {
			m.log.Info("tasks: rules evaluated", "created", len(created))
		}
	}
	if evalC != nil {
		evaluate()
	}
	dispatch()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-m.wake:
			dispatch()
		case <-rescan.C:
			dispatch()
		case <-evalC:
			evaluate()
			dispatch()
		}
	}
}

// DeliverPending delivers every queued task now and returns when they are done (the CLI;
// a server uses Run). It returns how many were delivered and how many dead-lettered.
func (m *Manager) DeliverPending(ctx context.Context) (delivered, dead int, err error) {
	ids, err := m.st.ids(kOutbox)
	if err != nil {
		return 0, 0, fmt.Errorf("tasks: read outbox: %w", err)
	}
	for _, id := range ids {
		if !m.claim(id) {
			continue
		}
		st := m.deliver(ctx, id)
		m.release(id)
		switch st {
		case DeliveryDelivered:
			delivered++
		case DeliveryDead:
			dead++
		}
		if err := ctx.Err(); err != nil {
			return delivered, dead, err
		}
	}
	return delivered, dead, nil
}

func (m *Manager) claim(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.inflight[id] {
		return false
	}
	m.inflight[id] = true
	return true
}

func (m *Manager) release(id string) {
	m.mu.Lock()
	delete(m.inflight, id)
	m.mu.Unlock()
}

// Payload is the JSON body of a task webhook.
type Payload struct {
	Event  string    `json:"event"` // task.created
	Task   Task      `json:"task"`
	SentAt time.Time `json:"sent_at"`
}

// deliver runs one delivery of a queued task and returns the task's delivery status after it
// ("" when it was interrupted and stays queued).
func (m *Manager) deliver(ctx context.Context, id string) string {
	var queued outboxEntry
	if err := m.st.db.View(func(txn *badger.Txn) error {
		ok, err := getJSON(txn, kOutbox+id, &queued)
		if err == nil && !ok {
			err = badger.ErrKeyNotFound
		}
		return err
	}); err != nil {
		return "" // delivered meanwhile by another dispatch (the claim is taken after listing)
	}
	t, err := m.st.get(id)
	if errors.Is(err, ErrNotFound) {
		m.st.update("drop outbox "+id, func(txn *badger.Txn) error { return txn.Delete([]byte(kOutbox + id)) })
		return ""
	}
	if err != nil {
		m.log.Error("tasks: delivery", "task", id, "err", err)
		return ""
	}
	ep, ok := m.opt.Webhooks.For(t.DepartmentID)
	if !ok {
		m.finish(id, queued, Delivery{Status: DeliveryNone}, nil)
		return DeliveryNone
	}
	body, err := json.Marshal(Payload{Event: "task.created", Task: t, SentAt: time.Now().UTC()})
	if err != nil {
		m.log.Error("tasks: encode webhook", "task", id, "err", err)
		return ""
	}
	res := send(ctx, m.opt.Client, m.opt.Retry, ep, id, body)
	if res.Err != nil && ctx.Err() != nil {
		return "" // stopped: stays in the outbox
	}
	d := Delivery{URL: ep.URL, Attempts: res.Attempts}
	if res.Err == nil {
		d.Status, d.DeliveredAt = DeliveryDelivered, time.Now().UTC()
		m.log.Info("tasks: delivered", "task", id, "department", t.DepartmentID, "attempts", res.Attempts)
		m.finish(id, queued, d, nil)
		return DeliveryDelivered
	}
	d.Status, d.LastError = DeliveryDead, res.Err.Error()
	m.log.Warn("tasks: delivery failed, dead-lettered", "task", id, "department", t.DepartmentID, "attempts", res.Attempts, "err", res.Err)
	m.finish(id, queued, d, &DeadLetter{TaskID: id, Industry: t.Industry, DepartmentID: t.DepartmentID, URL: ep.URL,
		Attempts: res.Attempts, LastError: d.LastError, DeadAt: time.Now().UTC()})
	return DeliveryDead
}

// finish records a delivery's outcome: out of the outbox, into the dead letters when dl is set.
// When the task was queued again while this delivery ran (a redeliver during the send), the
// newer outbox entry stays and the outcome is not recorded: the next rescan delivers again.
func (m *Manager) finish(id string, queued outboxEntry, d Delivery, dl *DeadLetter) {
	_, err := m.st.modify(id, "record delivery", func(txn *badger.Txn, t *Task) error {
		var now outboxEntry
		if ok, err := getJSON(txn, kOutbox+id, &now); err != nil {
			return err
		} else if ok && !now.QueuedAt.Equal(queued.QueuedAt) {
			return nil // queued again meanwhile
		}
		if err := txn.Delete([]byte(kOutbox + id)); err != nil {
			return err
		}
		if dl != nil {
			if err := setJSON(txn, kDead+id, dl); err != nil {
				return err
			}
		}
		t.Delivery = d
		return nil
	})
	if err != nil {
		m.log.Error("tasks: record delivery", "task", id, "err", err)
	}
}
