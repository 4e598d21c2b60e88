package tasks

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/diskspace"
)

// TestTaskWritesSyncAndCheck: every task write is made durable before it returns
// (Options.Sync, store.Store.SyncNow under --durability interval) and refused, unsynced and
// unwritten, while the disk is under its reserve (Options.CheckWrite).
func TestTaskWritesSyncAndCheck(t *testing.T) {
	ctx := context.Background()
	e := openEnv(t)
	syncs := 0
	var full error
	m := e.manager(t, Options{
		Sync:       func() error { syncs++; return e.kg.SyncNow() },
		CheckWrite: func(what string) error { return full },
	})
	syncs = 0 // the migration at New wrote its marker
	t0 := time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)
	tk := sample("ecommerce.quality_pain_share.20261109", t0)
	if ok, err := m.st.create(&tk, false); !ok || err != nil {
		t.Fatalf("create = %v, %v", ok, err)
	}
	if syncs != 1 {
		t.Fatalf("%d syncs after creating a task, want 1", syncs)
	}
	if _, err := m.Transition(ctx, tk.ID, Step{Action: ActionAck, By: "王经理", At: t0.Add(time.Hour)}); err != nil || syncs != 2 {
		t.Fatalf("ack: %v, %d syncs; want 2", err, syncs)
	}
	full = &diskspace.LowError{What: "tasks transition", Dir: "/data", Free: 1 << 20, Min: 512 << 20}
	if _, err := m.Transition(ctx, tk.ID, Step{Action: ActionStart, By: "李工", At: t0.Add(2 * time.Hour)}); !errors.Is(err, diskspace.ErrLow) || syncs != 2 {
		t.Fatalf("start on a full disk: %v, %d syncs; want diskspace.ErrLow and no sync", err, syncs)
	}
	if got, err := m.Get(ctx, tk.ID); err != nil || got.Status != StatusAcknowledged {
		t.Fatalf("after the refused step: %v, %v; want it still acknowledged", got.Status, err)
	}
}
