package diskspace

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	f := func(in string, want int64, wantErr bool) {
		t.Helper()
		got, err := ParseSize(in)
		if (err != nil) != wantErr || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, error %v", in, got, err, want, wantErr)
		}
	}
	f("0", 0, false)
	f("512MiB", 512<<20, false)
	f("512 mb", 512<<20, false)
	f("2G", 2<<30, false)
	f("1TiB", 1<<40, false)
	f("4096", 4096, false)
	f("10KiB", 10<<10, false)
	f("-1", -1, false)
	f("", 0, true)
	f("MiB", 0, true)
	f("1.5GiB", 0, true)
	f("12 parsecs", 0, true)
	f("9999999TiB", 0, true)
	f("一百兆", 0, true)
}

func TestFormatSize(t *testing.T) {
	f := func(n int64, want string) {
		t.Helper()
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
	f(300, "300 B")
	f(512<<20, "512 MiB")
	f(3<<29, "1.5 GiB")
	f(1<<40, "1 TiB")
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"512MiB", "0", "-1", "2 g", "9223372036854775807", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			return
		}
		// A size that parses is the same number of plain bytes, and trimming changes nothing.
		if m, err := ParseSize(strconv.FormatInt(n, 10)); err != nil || m != n {
			t.Fatalf("%q → %d, but %d bytes → %d, %v", s, n, n, m, err)
		}
		if m, err := ParseSize(strings.TrimSpace(s)); err != nil || m != n {
			t.Fatalf("%q → %d, trimmed → %d, %v", s, n, m, err)
		}
	})
}

// TestGuard: a reserve above the disk's free space refuses, with a LowError naming the
// folder and both sizes; a reserve of 1 byte allows; nil and off allow.
func TestGuard(t *testing.T) {
	dir := t.TempDir()
	free, err := Free(dir)
	if err != nil {
		t.Fatal(err)
	}
	if free <= 0 {
		t.Fatalf("free = %d", free)
	}
	err = NewGuard(dir, free+1<<40).Check("kg write")
	var le *LowError
	if !errors.As(err, &le) || !errors.Is(err, ErrLow) || le.Dir != dir || le.Free <= 0 {
		t.Fatalf("reserve above free: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "kg write refused") || !strings.Contains(msg, "min-free-disk") || strings.Count(msg, ". ") > 0 {
		t.Errorf("message %q: want one sentence naming the write and the flag", msg)
	}
	if err := NewGuard(dir, 1).Check("x"); err != nil {
		t.Error(err)
	}
	if g := NewGuard(dir, -1); g != nil || g.Check("x") != nil {
		t.Error("a negative reserve should turn the guard off")
	}
	if g := NewGuard(dir, 0); g == nil || g.Min != DefaultMinFree {
		t.Errorf("NewGuard(dir, 0) = %+v, want the default reserve", g)
	}
	if err := NewGuard(dir+"/absent", 1).Check("x"); err == nil || errors.Is(err, ErrLow) {
		t.Errorf("statfs of a missing folder: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}
