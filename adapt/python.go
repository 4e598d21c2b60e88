package adapt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// PythonModules are what training/adapt_sentiment.py imports beyond the standard library.
var PythonModules = []string{"torch", "onnx", "numpy", "yaml"}

// ErrNoPython says no interpreter could train; its message names `make deps-py`.
var ErrNoPython = errors.New("no Python 3 with torch, onnx, numpy and yaml: run `make deps-py` (Debian's python3-torch, python3-onnx, python3-numpy, python3-yaml) or pass --python")

// PythonCandidates are the interpreters FindPython tries when none is named: $TINGZHEN_PYTHON,
// /usr/bin/python3 (where Debian's python3-torch installs), then python3 on PATH.
func PythonCandidates() []string {
	var c []string
	if p := os.Getenv("TINGZHEN_PYTHON"); p != "" {
		c = append(c, p)
	}
	c = append(c, "/usr/bin/python3")
	if p, err := exec.LookPath("python3"); err == nil && p != "/usr/bin/python3" {
		c = append(c, p)
	}
	return c
}

// FindPython returns the first interpreter that imports PythonModules: explicit when given
// (an error when it cannot), else the first of PythonCandidates. The error wraps
// ErrNoPython and says what each candidate lacked.
func FindPython(ctx context.Context, explicit string) (string, error) {
	cands := PythonCandidates()
	if explicit != "" {
		cands = []string{explicit}
	}
	var why []string
	for _, p := range cands {
		if err := checkPython(ctx, p); err != nil {
			why = append(why, fmt.Sprintf("%s: %v", p, err))
			continue
		}
		return p, nil
	}
	return "", fmt.Errorf("%w (tried %s)", ErrNoPython, strings.Join(why, "; "))
}

func checkPython(ctx context.Context, py string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", "import "+strings.Join(PythonModules, ", "))
	out, err := cmd.CombinedOutput()
	if err != nil {
		msg := strings.TrimSpace(string(out))
		if i := strings.LastIndex(msg, "\n"); i >= 0 {
			msg = msg[i+1:] // the exception line: "ModuleNotFoundError: No module named 'torch'"
		}
		if msg == "" {
			msg = err.Error()
		}
		return errors.New(msg)
	}
	return nil
}
