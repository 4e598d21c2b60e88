package calls

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCallsAboveEngine: call analysis does not live under engine/, and no package under
// engine/ imports calls (issue 18's layout: calls above the engine).
func TestCallsAboveEngine(t *testing.T) {
	if _, err := os.Stat("../engine/transcript"); err == nil {
		t.Error("engine/transcript exists again: call analysis belongs in calls/")
	}
	n := 0
	err := filepath.WalkDir("../engine", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		n++
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if p == "github.com/tingzhen/tingzhen/calls" || strings.HasPrefix(p, "github.com/tingzhen/tingzhen/calls/") {
				t.Errorf("%s imports %s: the engine must not depend on call analysis", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("read only %d Go files under ../engine: wrong path?", n)
	}
}
