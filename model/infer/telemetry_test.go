package infer

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine/tokenize"
)

// telemetryChildEnv marks the child process of TestNoTelemetryFiles.
const telemetryChildEnv = "TINGZHEN_TEST_TELEMETRY_CHILD"

// TestNoTelemetryFiles: a process that initialises ONNX Runtime, loads a model, runs one
// inference and closes leaves no telemetry behind: no onnxruntime.db or deviceid under
// HOME (ORT 1.29 writes ~/.cache/Microsoft/DeveloperTools/.onnxruntime/), and no
// mat-debug-<pid>.log in TMPDIR or /tmp. ORT keeps one environment per process, so the
// check runs in a child process (this test binary again) with HOME and TMPDIR pointed at
// empty temporary directories.
func TestNoTelemetryFiles(t *testing.T) {
	if os.Getenv(telemetryChildEnv) == "1" {
		runOneInference(t)
		return
	}
	home, tmp := t.TempDir(), t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoTelemetryFiles$", "-test.count=1")
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "TMPDIR", "XDG_CACHE_HOME", "ORT_DISABLE_TELEMETRY", telemetryChildEnv:
			continue // the child must not inherit a switch that hides what the code does
		}
		env = append(env, kv)
	}
	cmd.Env = append(env, "HOME="+home, "TMPDIR="+tmp, telemetryChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "PASS") {
		t.Fatalf("child did not run the inference:\n%s", out)
	}
	pid := cmd.Process.Pid
	var found []string
	for _, dir := range []string{home, tmp} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				found = append(found, p)
			}
			return nil
		})
	}
	if len(found) > 0 {
		t.Errorf("files left in the child's HOME/TMPDIR: %v", found)
	}
	if _, err := os.Stat(fmt.Sprintf("/tmp/mat-debug-%d.log", pid)); err == nil {
		t.Errorf("/tmp/mat-debug-%d.log left behind", pid)
		os.Remove(fmt.Sprintf("/tmp/mat-debug-%d.log", pid))
	}
}

func runOneInference(t *testing.T) {
	dir := "../../models/sentiment-zh"
	tk, err := tokenize.Load(filepath.Join(dir, "vocab.txt"), true)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(filepath.Join(dir, "model.onnx"), []string{"input_ids", "attention_mask"}, []string{"probs"}, Options{IntraOpThreads: 1})
	if err != nil {
		t.Fatal(err)
	}
	enc := tk.Encode("物流很快，客服态度也很好", 128)
	mask := make([]int64, len(enc.IDs))
	for i := range mask {
		mask[i] = 1
	}
	out, err := s.Run(enc.IDs, mask, 1, len(enc.IDs))
	if err != nil {
		t.Fatal(err)
	}
	if len(out["probs"].Data) != 3 {
		t.Fatalf("probs %v", out["probs"])
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
