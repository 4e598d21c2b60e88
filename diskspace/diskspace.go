package diskspace

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// DefaultMinFree is the default reserve (--min-free-disk): 512 MiB. It covers the largest
// space Badger takes in one step without a chance to refuse it: a 64 MiB memtable file, the
// level-0 table it is flushed to (64 MiB), a new 64 MiB value-log file (each mapped at
// twice its size) and a compaction's output tables, with room to spare for another process
// writing meanwhile.
const DefaultMinFree int64 = 512 << 20

// ErrLow matches (errors.Is) a LowError.
var ErrLow = errors.New("not enough free disk space")

// ErrQuota matches (errors.Is) a QuotaError.
var ErrQuota = errors.New("storage quota exceeded")

// LowError refuses a write: the file system holding Dir has Free bytes available, under the
// reserve Min.
type LowError struct {
	What string // what was refused ("kg write", "job output" …)
	Dir  string
	Free int64
	Min  int64
}

func (e *LowError) Error() string {
	return fmt.Sprintf("%s refused: the disk holding %s has %s free, below the min-free-disk reserve of %s; free some space (or lower --min-free-disk) and retry", e.What, e.Dir, FormatSize(e.Free), FormatSize(e.Min))
}

// Public is the error in one sentence without the folder's path, for answers to remote
// clients (HTTP 507).
func (e *LowError) Public() string {
	return fmt.Sprintf("%s refused: the server's disk has %s free, below its min-free-disk reserve of %s; retry once space is freed", e.What, FormatSize(e.Free), FormatSize(e.Min))
}

// Public returns err's client-safe sentence: LowError.Public when err holds one, else
// err's own text.
func Public(err error) string {
	var le *LowError
	if errors.As(err, &le) {
		return le.Public()
	}
	return err.Error()
}

// Is makes errors.Is(err, ErrLow) true.
func (e *LowError) Is(target error) bool { return target == ErrLow }

// QuotaError refuses a write that would take Used past Limit.
type QuotaError struct {
	What  string // "job output", "jobs storage" …
	Used  int64  // bytes used with the write
	Limit int64
	Flag  string // the flag or option that sets Limit
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("%s quota exceeded: %s would be used, over the limit of %s (%s)", e.What, FormatSize(e.Used), FormatSize(e.Limit), e.Flag)
}

// Is makes errors.Is(err, ErrQuota) true.
func (e *QuotaError) Is(target error) bool { return target == ErrQuota }

// Free returns the bytes available to an unprivileged process on the file system holding
// dir (statfs f_bavail × f_bsize).
func Free(dir string) (int64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}

// Guard checks the free space of Dir's file system before writes. A nil Guard, or one with
// Min ≤ 0, allows every write. It holds no state: safe for concurrent use.
type Guard struct {
	Dir string
	Min int64
}

// NewGuard returns a Guard for dir with the reserve min: 0 means DefaultMinFree, a negative
// min turns the check off (nil Guard).
func NewGuard(dir string, min int64) *Guard {
	if min < 0 || dir == "" {
		return nil
	}
	if min == 0 {
		min = DefaultMinFree
	}
	return &Guard{Dir: dir, Min: min}
}

// Check returns a LowError naming what when the free space is under the reserve; an error
// of statfs itself is returned wrapped (the write is refused: the disk cannot be vouched
// for).
func (g *Guard) Check(what string) error {
	if g == nil || g.Min <= 0 {
		return nil
	}
	free, err := Free(g.Dir)
	if err != nil {
		return fmt.Errorf("%s: check free disk space: %w", what, err)
	}
	if free < g.Min {
		return &LowError{What: what, Dir: g.Dir, Free: free, Min: g.Min}
	}
	return nil
}

// ParseSize reads a size: a whole number of bytes with an optional unit, B, K/KB/KiB,
// M/MB/MiB, G/GB/GiB, T/TB/TiB (all powers of 1024; case and a space before the unit do
// not matter), e.g. "512MiB", "2G", "0". "-1" (any negative number) means off.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	if i < len(t) && (t[i] == '-' || t[i] == '+') {
		i++
	}
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("size %q: want a whole number of bytes with an optional unit (512MiB, 2GiB)", s)
	}
	var shift uint
	switch unit {
	case "", "b":
	case "k", "kb", "kib":
		shift = 10
	case "m", "mb", "mib":
		shift = 20
	case "g", "gb", "gib":
		shift = 30
	case "t", "tb", "tib":
		shift = 40
	default:
		return 0, fmt.Errorf("size %q: unknown unit %q (use B, KiB, MiB, GiB or TiB)", s, unit)
	}
	if n > 0 && n > (1<<63-1)>>shift || n < 0 && n < (-1<<63)>>shift {
		return 0, fmt.Errorf("size %q: too large", s)
	}
	return n << shift, nil
}

// FormatSize writes n bytes the way people read them: 512 MiB, 1.5 GiB, 300 B (cut, not
// rounded, to one decimal: 23.99 MiB is 23.9 MiB, under a 24 MiB reserve).
func FormatSize(n int64) string {
	const unit = 1024
	if n < unit && n > -unit {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n)
	for _, u := range []string{"KiB", "MiB", "GiB", "TiB", "PiB"} {
		f /= unit
		if f < unit && f > -unit || u == "PiB" {
			s := strconv.FormatFloat(math.Trunc(f*10)/10, 'f', 1, 64) // never rounded up past a limit
			return strings.TrimSuffix(s, ".0") + " " + u
		}
	}
	return ""
}
