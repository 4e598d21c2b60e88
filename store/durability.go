package store

import (
	"fmt"
	"time"
)

// Durability modes of Options.Durability (--durability).
const (
	DurabilitySync     = "sync"     // fsync every write transaction
	DurabilityInterval = "interval" // fsync once a second, and at once after terms, indicators, packs, tasks (default)
	DurabilityOff      = "off"      // the kernel's writeback decides
)

// ParseDurability checks a --durability value; "" is DurabilityInterval.
func ParseDurability(s string) (string, error) {
	switch s {
	case "":
		return DurabilityInterval, nil
	case DurabilitySync, DurabilityInterval, DurabilityOff:
		return s, nil
	}
	return "", fmt.Errorf("durability %q: want sync, interval or off", s)
}

// syncEvery fsyncs the store every period until Close (DurabilityInterval).
func (s *Store) syncEvery(period time.Duration) {
	defer close(s.syncDone)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-s.stopSync:
			return
		case <-t.C:
			if err := s.db.Sync(); err != nil {
				s.log.Warn("kg: background sync", "err", err)
			}
		}
	}
}

// SyncNow makes every write so far durable (fsync) unless Durability is off; with sync
// every write already is. Package tasks calls it after each change, bulk jobs before they
// checkpoint their counts, and the store itself after terms, indicators and packs.
func (s *Store) SyncNow() error {
	if s.durability != DurabilityInterval || s.readOnly {
		return nil
	}
	if err := s.db.Sync(); err != nil {
		return fmt.Errorf("kg sync: %w", err)
	}
	return nil
}
