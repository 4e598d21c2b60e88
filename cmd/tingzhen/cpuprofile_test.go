package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeCPUProfile: --cpuprofile writes a gzip'd pprof profile of the run and leaves
// the result as it is; a profile path that cannot be created is a usage error.
func TestAnalyzeCPUProfile(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	code, stdout, stderr := runCLI(t, "analyze", "--cpuprofile", prof, "物流太慢了，包装倒是很结实")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stdout, `"sentiment"`) {
		t.Errorf("no result on stdout: %s", stdout)
	}
	b, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("profile is not gzip'd pprof data (%d bytes)", len(b))
	}
	code, _, stderr = runCLI(t, "analyze", "--cpuprofile", filepath.Join(t.TempDir(), "no", "such", "cpu.prof"), "很好")
	if code != exitUsage || !strings.Contains(stderr, "--cpuprofile") {
		t.Errorf("bad profile path: exit %d, stderr %s", code, stderr)
	}
}
