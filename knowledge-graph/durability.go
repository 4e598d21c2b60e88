package kg

import (
	"fmt"
	"time"
)

// Durability modes of Options.Durability (--durability).
const (
	DurabilitySync     = "sync"     // fsync every write transaction (default)
	DurabilityInterval = "interval" // fsync once a second in the background
	DurabilityOff      = "off"      // the kernel's writeback decides
)

// ParseDurability checks a --durability value; "" is DurabilitySync.
func ParseDurability(s string) (string, error) {
	switch s {
	case "":
		return DurabilitySync, nil
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
