package layout

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// repo is one parsed source tree: its module path and, per package (relative import
// path), its non-test Go files.
type repo struct {
	root, module string
	fset         *token.FileSet
	files        map[string][]*ast.File // package → files
	outside      map[string][]*ast.File // package → its other Go files (tests, //go:build ignore), imports only
	paths        map[*ast.File]string   // file → path relative to root
}

// skipDir reports directories that hold no package of the module.
func skipDir(rel, name string) bool {
	return rel != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" ||
		name == "vendor" || name == "node_modules" || name == "third_party")
}

// ignored reports a file excluded from every build (//go:build ignore: generators).
func ignored(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.TrimSpace(c.Text) == "//go:build ignore" {
				return true
			}
		}
	}
	return false
}

func loadRepo(t *testing.T, root string) *repo {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	r := &repo{root: root, fset: token.NewFileSet(), files: map[string][]*ast.File{}, outside: map[string][]*ast.File{}, paths: map[*ast.File]string{}}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "module" {
			r.module = f[1]
		}
	}
	if r.module == "" {
		t.Fatal("go.mod names no module")
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if skipDir(rel, d.Name()) {
				return filepath.SkipDir
			}
			if rel != "." {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(r.fset, path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return fmt.Errorf("parse %s: %w", rel, err)
		}
		pkg := filepath.ToSlash(filepath.Dir(rel))
		if strings.HasSuffix(path, "_test.go") || ignored(f) {
			r.outside[pkg] = append(r.outside[pkg], f)
			r.paths[f] = filepath.ToSlash(rel)
			return nil
		}
		full, err := parser.ParseFile(r.fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("parse %s: %w", rel, err)
		}
		r.files[pkg] = append(r.files[pkg], full)
		r.paths[full] = filepath.ToSlash(rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.files) == 0 {
		t.Fatal("no Go package found")
	}
	return r
}

// imports lists pkg's imports of the module's own packages (relative paths) with the file
// that imports each first.
func (r *repo) imports(pkg string) map[string]string { return r.importsIn(r.files[pkg]) }

// importsIn lists the imports of the module's own packages (relative paths) in files, with
// the file that imports each first.
func (r *repo) importsIn(files []*ast.File) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		for _, is := range f.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			if p == r.module {
				p = "."
			} else if rest, ok := strings.CutPrefix(p, r.module+"/"); ok {
				p = rest
			} else {
				continue
			}
			if _, ok := out[p]; !ok {
				out[p] = r.paths[f]
			}
		}
	}
	return out
}

// layerOf maps each package of a table to its layer.
func layerOf(layers [][]string) (map[string]int, error) {
	m := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			if j, dup := m[p]; dup {
				return nil, fmt.Errorf("%s is in layers %d and %d", p, j, i)
			}
			m[p] = i
		}
	}
	return m, nil
}

// violations lists every package of r missing from the layer table and every import of a
// package of a higher layer.
func violations(r *repo, layers [][]string) []string {
	layer, err := layerOf(layers)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	pkgs := make([]string, 0, len(r.files))
	for p := range r.files {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		lp, ok := layer[p]
		if !ok {
			out = append(out, fmt.Sprintf("package %s is in no layer: place it in layout.Layers (layers.go), at the lowest layer that holds all it imports", p))
			continue
		}
		imps := r.imports(p)
		names := make([]string, 0, len(imps))
		for q := range imps {
			names = append(names, q)
		}
		sort.Strings(names)
		for _, q := range names {
			lq, ok := layer[q]
			if !ok {
				continue // reported as missing on its own
			}
			if lq > lp {
				out = append(out, fmt.Sprintf("%s (layer %d) imports %s (layer %d, above it) in %s", p, lp, q, lq, imps[q]))
			}
		}
	}
	return out
}

// TestImportDirection: every package is in the layer table and imports nothing above its
// own layer.
func TestImportDirection(t *testing.T) {
	r := loadRepo(t, "..")
	for _, v := range violations(r, Layers) {
		t.Error(v)
	}
	// Every package of the table exists.
	for _, l := range Layers {
		for _, p := range l {
			if _, ok := r.files[p]; !ok {
				t.Errorf("layout.Layers lists %s, which has no Go files: remove it", p)
			}
		}
	}
}

// TestViolationsFound: the check itself finds an upward import, a package missing from the
// table and a package listed twice, on a small tree written for the test.
func TestViolationsFound(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, src string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("low/low.go", "package low\n\nimport _ \"example.com/m/high\"\n")
	write("high/high.go", "package high\n")
	write("stray/stray.go", "package stray\n\nimport _ \"example.com/m/low\"\n")
	write("gen/gen.go", "//go:build ignore\n\npackage main\n\nimport _ \"example.com/m/high\"\n")
	write("low/low_test.go", "package low\n\nimport _ \"example.com/m/stray\"\n")
	r := loadRepo(t, dir)
	f := func(layers [][]string, want ...string) {
		t.Helper()
		got := violations(r, layers)
		if len(got) != len(want) {
			t.Fatalf("layers %v: %d violations %q, want %d", layers, len(got), got, len(want))
		}
		for i := range want {
			if !strings.Contains(got[i], want[i]) {
				t.Errorf("layers %v: violation %q, want it to say %q", layers, got[i], want[i])
			}
		}
	}
	f([][]string{{"low"}, {"high"}, {"stray"}}, "low (layer 0) imports high (layer 1, above it) in low/low.go")
	f([][]string{{"high"}, {"low"}}, "package stray is in no layer")
	f([][]string{{"high"}, {"low", "stray"}})
	f([][]string{{"high", "low"}, {"stray", "low"}}, "low is in layers 0 and 1")
}
