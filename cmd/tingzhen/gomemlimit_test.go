package main

import (
	"runtime/debug"
	"testing"
)

// TestSetGoMemLimit: --go-mem-limit sets the soft heap limit and restores the previous one;
// 0 or GOMEMLIMIT in the environment leave it alone.
func TestSetGoMemLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	f := func(mib int, env string, want int64) {
		t.Helper()
		t.Setenv("GOMEMLIMIT", env)
		restore := setGoMemLimit(mib)
		if got := debug.SetMemoryLimit(-1); got != want {
			t.Errorf("mib %d GOMEMLIMIT %q: limit %d, want %d", mib, env, got, want)
		}
		restore()
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Errorf("mib %d: restored %d, want %d", mib, got, before)
		}
	}
	f(384, "", 384<<20)
	f(0, "", before)
	f(384, "1GiB", before)
}
