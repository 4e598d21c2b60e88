package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tingzhen/tingzhen/diskspace"
)

// The full-disk test mounts a small tmpfs in a child process of its own user and mount
// namespace (no root needed where unprivileged user namespaces are allowed) and writes
// into a store there until the disk is full.
const (
	diskFullChildEnv = "TINGZHEN_KG_DISKFULL_CHILD" // "guarded" or "unguarded"
	diskFullDirEnv   = "TINGZHEN_KG_DISKFULL_DIR"
	tmpfsSize        = 64 << 20
	testReserve      = 24 << 20
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(diskFullChildEnv); mode != "" {
		if err := diskFullChild(mode, os.Getenv(diskFullDirEnv)); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// diskFullChild mounts a tmpfs of tmpfsSize at dir and fills a store there.
func diskFullChild(mode, dir string) error {
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", tmpfsSize)); err != nil {
		return fmt.Errorf("mount tmpfs: %w", err)
	}
	fmt.Println("mounted")
	ctx := context.Background()
	min := int64(testReserve)
	if mode == "unguarded" {
		min = -1
	}
	data := filepath.Join(dir, "data")
	st, err := Open(ctx, Options{Dir: data, MinFreeDisk: min})
	if err != nil {
		return err
	}
	// Candidates with long examples: values over 1 KiB go to the value log, a memory-mapped
	// file, and the memtable's write-ahead log is one too. A full tmpfs answers a write into
	// such a page with SIGBUS.
	example := strings.Repeat("屏幕很清晰但是电池不耐用，客服态度也一般。", 9) // 189 runes
	var werr error
	n := 0
	for ; n < 400000; n++ {
		if werr = st.RecordCandidate(ctx, "ecommerce", fmt.Sprintf("词%06d", n), fmt.Sprintf("%d%s", n, example)); werr != nil {
			break
		}
	}
	free, _ := diskspace.Free(dir)
	fmt.Printf("writes %d, free %d, err %v\n", n, free, werr)
	if !errors.Is(werr, diskspace.ErrLow) {
		return fmt.Errorf("after %d writes: want a refused write (diskspace.ErrLow), got %v", n, werr)
	}
	if !strings.Contains(werr.Error(), "min-free-disk") {
		return fmt.Errorf("refusal %q does not name --min-free-disk", werr)
	}
	// Reads go on.
	cs, err := st.Candidates(ctx, "ecommerce", 0)
	if err != nil || len(cs) != n {
		return fmt.Errorf("read after the refusal: %d candidates, %v; want %d", len(cs), err, n)
	}
	if err := st.Close(); err != nil {
		return err
	}
	// Closing flushed the memtable and gave back the unused part of the logs; another
	// process fills the disk again meanwhile.
	if err := fill(dir, testReserve/2); err != nil {
		return err
	}
	// A restart on the full disk opens read-only: reads work, writes are refused.
	st, err = Open(ctx, Options{Dir: data, MinFreeDisk: min})
	if err != nil {
		return fmt.Errorf("reopen on the full disk: %w", err)
	}
	if !st.ReadOnly() {
		return errors.New("reopened on the full disk, but not read-only")
	}
	if cs, err := st.Candidates(ctx, "ecommerce", 0); err != nil || len(cs) != n {
		return fmt.Errorf("read after the reopen: %d candidates, %v; want %d", len(cs), err, n)
	}
	if err := st.RecordCandidate(ctx, "ecommerce", "再写一个", "x"); !errors.Is(err, diskspace.ErrLow) {
		return fmt.Errorf("write on the read-only store: %v, want diskspace.ErrLow", err)
	}
	if err := st.Close(); err != nil {
		return err
	}
	fmt.Println("ok")
	return nil
}

// fill writes a filler file into dir until only left bytes are free.
func fill(dir string, left int64) error {
	free, err := diskspace.Free(dir)
	if err != nil {
		return err
	}
	if free <= left {
		return nil
	}
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		return err
	}
	buf := make([]byte, 1<<20)
	for n := free - left; n > 0; n -= int64(len(buf)) {
		if _, err := f.Write(buf[:min(int64(len(buf)), n)]); err != nil {
			break
		}
	}
	return f.Close()
}

func startDiskFullChild(t *testing.T, mode string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), diskFullChildEnv+"="+mode, diskFullDirEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// TestFullDiskRefusesWrites fills a 64 MiB tmpfs through the store with a 24 MiB reserve:
// the write that finds the disk under it is refused with diskspace.ErrLow, in one sentence
// naming --min-free-disk, reads go on, and a restart on the full disk opens read-only. The
// same child without the reserve dies of SIGBUS inside Badger (what a full disk did before
// the reserve), which shows that the test's disk really fills.
func TestFullDiskRefusesWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	out, err := startDiskFullChild(t, "guarded")
	if !strings.Contains(out, "mounted") {
		t.Skipf("cannot mount a tmpfs in a user namespace here (unprivileged user namespaces off?): %v %s", err, strings.TrimSpace(out))
	}
	t.Logf("guarded child: %s", strings.TrimSpace(out))
	if err != nil || !strings.Contains(out, "\nok") {
		t.Fatalf("guarded child: %v\n%s", err, out)
	}
	out, err = startDiskFullChild(t, "unguarded")
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("unguarded child: %v, want it to die on the full disk\n%s", err, out)
	}
	ws, _ := ee.Sys().(syscall.WaitStatus)
	// Go turns a SIGBUS in its own code into a fatal error (exit 2, "signal SIGBUS").
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "SIGBUS") || strings.HasPrefix(l, "writes") {
			t.Logf("unguarded child (%v): %s", err, l)
		}
	}
	if !ws.Signaled() && !strings.Contains(out, "SIGBUS") {
		t.Fatalf("unguarded child exited %v without a SIGBUS: the test disk did not fill as expected\n%s", err, out)
	}
}
