package jobs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/engine"
)

// The full-disk job test runs a child in its own user and mount namespace, where it mounts
// a small tmpfs (no root needed where unprivileged user namespaces are allowed).
const (
	diskFullChildEnv = "TINGZHEN_JOBS_DISKFULL_CHILD" // JSON diskFullPlan
	jobTmpfsSize     = 40 << 20
	jobReserve       = 8 << 20
)

type diskFullPlan struct {
	Dir  string `json:"dir"`  // the mount point
	Spec Spec   `json:"spec"` // Output relative to Dir
	Left int64  `json:"left"` // bytes left free by the filler before the job starts
	// Unguarded runs the job without a reserve (the control: what a full disk did before).
	Unguarded bool `json:"unguarded"`
}

// diskFullChild mounts the tmpfs, fills it but plan.Left, runs the job with the reserve
// (expecting a clean stop), frees the filler, runs it again to the end and prints the
// SHA-256 of results.jsonl. Its exit status is 0 when all went as expected.
func diskFullChild(ctx context.Context) int {
	var plan diskFullPlan
	if err := json.Unmarshal([]byte(os.Getenv(diskFullChildEnv)), &plan); err != nil {
		fmt.Println("plan:", err)
		return 3
	}
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		fmt.Println("make mounts private:", err)
		return 4
	}
	if err := syscall.Mount("tmpfs", plan.Dir, "tmpfs", 0, fmt.Sprintf("size=%d", jobTmpfsSize)); err != nil {
		fmt.Println("mount tmpfs:", err)
		return 4
	}
	fmt.Println("mounted")
	e, err := engine.New(ctx, engine.Config{Home: "..", IntraOpThreads: 1})
	if err != nil {
		fmt.Println("engine:", err)
		return 1
	}
	defer e.Close()
	spec := plan.Spec
	spec.Output = filepath.Join(plan.Dir, spec.Output)
	spec.MinFreeDisk = jobReserve
	filler := filepath.Join(plan.Dir, "filler")
	if err := fillTo(filler, plan.Dir, plan.Left); err != nil {
		fmt.Println("fill:", err)
		return 1
	}
	if plan.Unguarded {
		spec.MinFreeDisk = -1
		_, err := Run(ctx, e, spec, nil)
		fmt.Printf("unguarded run: %v\n", err)
		return 5
	}
	_, err = Run(ctx, e, spec, nil)
	free, _ := diskspace.Free(plan.Dir)
	fmt.Printf("first run: %v; results %d bytes; free %d\n", err, fileSize(filepath.Join(spec.Output, ResultsFile)), free)
	var stopped *StoppedError
	if !errors.Is(err, diskspace.ErrLow) || !errors.As(err, &stopped) || stopped.Records == 0 {
		fmt.Println("want a resumable stop on the reserve after some records")
		return 1
	}
	if err := os.Remove(filler); err != nil {
		fmt.Println(err)
		return 1
	}
	out, err := Run(ctx, e, spec, nil)
	if err != nil || !out.Resumed {
		fmt.Println("resume:", err)
		return 1
	}
	b, err := os.ReadFile(filepath.Join(spec.Output, ResultsFile))
	if err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Printf("resumed: %d records; sha256 %x\n", out.State.Records, sha256.Sum256(b))
	return 0
}

// fillTo writes a file at path until only left bytes are free on dir's file system.
func fillTo(path, dir string, left int64) error {
	free, err := diskspace.Free(dir)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	buf := make([]byte, 1<<20)
	for n := free - left; n > 0; n -= int64(len(buf)) {
		if _, err := f.Write(buf[:min(int64(len(buf)), n)]); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

// TestJobOnFullTmpfs: a job writing onto a real small file system (a 40 MiB tmpfs, 10 MiB
// left free, an 8 MiB reserve) stops cleanly when the disk reaches the reserve, with a
// resumable checkpoint and no crash; once space is freed it resumes, and its results equal
// a run on an ordinary disk byte for byte.
func TestJobOnFullTmpfs(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	src := string(readFile(t, datedFixture))
	header, rows, _ := strings.Cut(src, "\n")
	var b strings.Builder
	b.WriteString(header + "\n")
	for k := 0; k < 30; k++ {
		for _, row := range strings.Split(strings.TrimSpace(rows), "\n") {
			b.WriteString(fmt.Sprintf("k%d-%s\n", k, row))
		}
	}
	in := filepath.Join(t.TempDir(), "dated.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := Spec{Inputs: []string{in}, Industry: "ecommerce", ChunkSize: 16}
	ref := spec
	ref.Output = t.TempDir()
	if _, err := Run(context.Background(), testEngine, ref, nil); err != nil {
		t.Fatal(err)
	}
	refResults := readFile(t, filepath.Join(ref.Output, ResultsFile))
	if int64(len(refResults)) < 10<<20-jobReserve {
		t.Fatalf("results are %d bytes: too few to reach the reserve", len(refResults))
	}
	spec.Output = "out"
	child := func(plan diskFullPlan) (string, error) {
		b, _ := json.Marshal(plan)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), diskFullChildEnv+"="+string(b))
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
	out, err := child(diskFullPlan{Dir: t.TempDir(), Spec: spec, Left: 10 << 20})
	if !strings.Contains(out, "mounted") {
		t.Skipf("cannot mount a tmpfs in a user namespace here (unprivileged user namespaces off?): %v %s", err, strings.TrimSpace(out))
	}
	t.Logf("child: %s", strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	// The control, without a reserve and 2 MiB left: it cannot finish; how it ends is what a
	// full disk did before (logged).
	cout, cerr := child(diskFullPlan{Dir: t.TempDir(), Spec: spec, Left: 2 << 20, Unguarded: true})
	for _, l := range strings.Split(cout, "\n") {
		if strings.Contains(l, "SIGBUS") || strings.HasPrefix(l, "unguarded") {
			t.Logf("control without a reserve (%v): %s", cerr, l)
		}
	}
	if cerr == nil {
		t.Error("the control finished a job on a full disk")
	}
	if want := fmt.Sprintf("sha256 %x", sha256.Sum256(refResults)); !strings.Contains(out, want) {
		t.Errorf("results after the stop and resume differ from the reference run (%s)", want)
	}
}
