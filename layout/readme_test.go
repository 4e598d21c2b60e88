package layout

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeLayout returns the README's layout section ("## Layout…" up to the next "## ").
func readmeLayout(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\n## Layout")
	if i < 0 {
		t.Fatal("README.md has no \"## Layout\" section")
	}
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	return s
}

var backticked = regexp.MustCompile("`([^`]+)`")

// TestReadmeLayout: the README's layout section matches the folders: every Go package is
// named in it, every folder in its table's first column and every step of its data path
// exists.
func TestReadmeLayout(t *testing.T) {
	r := loadRepo(t, "..")
	sec := readmeLayout(t)
	named := map[string]bool{}
	for _, m := range backticked.FindAllStringSubmatch(sec, -1) {
		named[strings.TrimSuffix(m[1], "/")] = true
	}
	for pkg := range r.files {
		if !named[pkg] {
			t.Errorf("package %s is not in the README's layout section: add it (a row, or named in its parent's row)", pkg)
		}
	}
	exists := func(where, p string) {
		t.Helper()
		if _, err := os.Stat(filepath.Join("..", filepath.FromSlash(strings.TrimSuffix(p, "/")))); err != nil {
			t.Errorf("README layout %s names %s, which does not exist", where, p)
		}
	}
	rows, steps := 0, 0
	for _, line := range strings.Split(sec, "\n") {
		switch {
		case strings.HasPrefix(line, "| `"):
			cell := strings.SplitN(line[1:], "|", 2)[0]
			for _, m := range backticked.FindAllStringSubmatch(cell, -1) {
				exists("table", m[1])
				rows++
			}
		case strings.HasPrefix(line, "Data path: "):
			for _, m := range backticked.FindAllStringSubmatch(line, -1) {
				exists("data path", m[1])
				steps++
			}
		}
	}
	if rows < 10 || steps < 8 {
		t.Errorf("README layout: %d folders in the table, %d steps in the \"Data path: \" line; the test expects the table and the line", rows, steps)
	}
}
