package layout

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// inTree reports whether rel (a path relative to the repository root) is dir or under it.
func inTree(rel, dir string) bool { return rel == dir || strings.HasPrefix(rel, dir+"/") }

// TestCallsAboveEngine: call analysis lives in calls/, above the engine: engine/transcript
// is gone, and no package under engine/ is named for calls, transcripts or chats, imports
// calls (in any Go file, tests included), or declares a top-level type or function named
// Call…, Turn…, Transcript… or Chat….
func TestCallsAboveEngine(t *testing.T) {
	r := loadRepo(t, "..")
	if len(r.files["calls"]) == 0 {
		t.Fatal("no package calls: call analysis should live in calls/")
	}
	if _, err := os.Stat("../engine/transcript"); err == nil {
		t.Error("engine/transcript exists again: call analysis belongs in calls/")
	}
	for pkg, files := range r.outside { // tests and generators; the package's own files below
		if !inTree(pkg, "engine") {
			continue
		}
		for q, file := range r.importsIn(files) {
			if q == "calls" || strings.HasPrefix(q, "calls/") {
				t.Errorf("%s imports %s (%s): the engine knows nothing of calls", pkg, q, file)
			}
		}
	}
	for pkg, files := range r.files {
		if !inTree(pkg, "engine") {
			continue
		}
		for _, el := range strings.Split(pkg, "/") {
			for _, w := range []string{"call", "transcript", "chat"} {
				if strings.Contains(strings.ToLower(el), w) {
					t.Errorf("package %s is under engine/ and named for %ss: call analysis belongs in calls/", pkg, w)
				}
			}
		}
		for q, file := range r.imports(pkg) {
			if q == "calls" || strings.HasPrefix(q, "calls/") {
				t.Errorf("%s imports %s (%s): the engine knows nothing of calls", pkg, q, file)
			}
		}
		for _, f := range files {
			for _, name := range topLevelNames(f) {
				for _, w := range []string{"Call", "Turn", "Transcript", "Chat"} {
					if strings.HasPrefix(name, w) {
						t.Errorf("%s declares %s: call analysis belongs in calls/", r.paths[f], name)
					}
				}
			}
		}
	}
}

// topLevelNames lists a file's top-level type and function names (not methods).
func topLevelNames(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					out = append(out, ts.Name.Name)
				}
			}
		}
	}
	return out
}

// points are the values of a point (mention.PointPain, PointItch, PointPleasure).
var points = map[string]bool{"pain": true, "itch": true, "pleasure": true, "PointPain": true, "PointItch": true, "PointPleasure": true}

// pointValue reports whether e is a point: a string literal "pain", "itch" or "pleasure", or
// mention's constant for one.
func pointValue(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return err == nil && points[s]
		}
	case *ast.SelectorExpr:
		return points[e.Sel.Name] && strings.HasPrefix(e.Sel.Name, "Point")
	case *ast.Ident:
		return points[e.Name] && strings.HasPrefix(e.Name, "Point")
	}
	return false
}

// typeName is the name of a composite literal's type (T, pkg.T, *T), "" when unnamed.
func typeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.StarExpr:
		return typeName(e.X)
	}
	return ""
}

// pointDecisions lists where f decides a point: an assignment of a point value to a field
// named Point, or a Point: key with a point value in a composite literal. Literals of query
// types (names ending in Query or Filter) only ask for a point and are not decisions.
func pointDecisions(fset *token.FileSet, f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Point" && pointValue(n.Rhs[i]) {
					out = append(out, fset.Position(n.Pos()).String())
				}
			}
		case *ast.CompositeLit:
			tn := typeName(n.Type)
			if strings.HasSuffix(tn, "Query") || strings.HasSuffix(tn, "Filter") {
				return true
			}
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Point" && pointValue(kv.Value) {
						out = append(out, fset.Position(kv.Pos()).String())
					}
				}
			}
		}
		return true
	})
	return out
}

// TestAspectPolicyInMention: the aspect policy has one home, mention/. Checked as: (1) its
// opinion word lists (mention/lexicon/*.txt) exist nowhere else in the tree, and no Go
// file outside mention/ embeds or names them; (2) no Go file outside mention/ decides a
// point (pointDecisions: a point value written into a Point field); reading, comparing,
// copying and querying points is everyone's.
func TestAspectPolicyInMention(t *testing.T) {
	r := loadRepo(t, "..")
	lists, err := filepath.Glob(filepath.Join("..", "mention", "lexicon", "*.txt"))
	if err != nil || len(lists) == 0 {
		t.Fatalf("no word lists in mention/lexicon (%v)", err)
	}
	names := map[string]bool{}
	for _, p := range lists {
		names[filepath.Base(p)] = true
	}
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("..", path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "third_party") {
				return filepath.SkipDir
			}
			return nil
		}
		if names[d.Name()] && !inTree(rel, "mention") {
			t.Errorf("%s: a copy of mention's word list %s outside mention/", rel, d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg, files := range r.files {
		if inTree(pkg, "mention") {
			continue
		}
		for _, f := range files {
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					if strings.HasPrefix(c.Text, "//go:embed") && strings.Contains(c.Text, "lexicon/") {
						t.Errorf("%s embeds a lexicon (%s): the opinion word lists are mention's", r.paths[f], c.Text)
					}
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && (strings.Contains(s, "mention/lexicon") || names[filepath.Base(s)]) {
						t.Errorf("%s names mention's word list %q", r.fset.Position(lit.Pos()), s)
					}
				}
				return true
			})
			for _, at := range pointDecisions(r.fset, f) {
				t.Errorf("%s decides a point outside mention/: the rule belongs in the mention policy (e.g. mention.ClassifyPoint, mention.VerdictOf)", at)
			}
		}
	}
}

// TestPointDecisionsFound: the detector flags assignments and literals that write a point,
// and leaves queries, comparisons and copies alone.
func TestPointDecisionsFound(t *testing.T) {
	f := func(src string, want int) {
		t.Helper()
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "x.go", "package x\n\nfunc f() {\n"+src+"\n}\n", 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := pointDecisions(fset, file); len(got) != want {
			t.Errorf("%q: %d decisions %v, want %d", src, len(got), got, want)
		}
	}
	f(`v.Point = "pain"`, 1)
	f(`v.Pol, v.Point = "negative", "itch"`, 1)
	f(`m.Point = mention.PointPleasure`, 1)
	f(`_ = mention.Mention{Term: "送餐", Point: "pain"}`, 1)
	f(`_ = &storedVerdict{Point: PointItch}`, 1)
	f(`_ = insights.TopQuery{Point: "pain", By: "aspect"}`, 0)
	f(`_ = insights.Filter{Point: "pain"}`, 0)
	f(`if m.Point == "pain" { n++ }`, 0)
	f(`a.Point = b.Point`, 0)
	f(`v.Point = mention.ClassifyPoint(pol, clause)`, 0)
	f(`v.Point = "痛点"`, 0)
}

// TestHTTPOnlyInServer: package server owns the HTTP API. No Go file of jobs/ or calls/
// (tests included) imports fasthttp or net/http: their requests are served, admitted and
// answered by the server's one router and error writer.
func TestHTTPOnlyInServer(t *testing.T) {
	r := loadRepo(t, "..")
	n := 0
	for _, byPkg := range []map[string][]*ast.File{r.files, r.outside} {
		for pkg, files := range byPkg {
			if !inTree(pkg, "jobs") && !inTree(pkg, "calls") {
				continue
			}
			for _, f := range files {
				n++
				for _, im := range f.Imports {
					p, _ := strconv.Unquote(im.Path.Value)
					if strings.HasPrefix(p, "github.com/valyala/fasthttp") || p == "net/http" || strings.HasPrefix(p, "net/http/") {
						t.Errorf("%s imports %s: HTTP belongs in package server", r.paths[f], p)
					}
				}
			}
		}
	}
	if n < 40 {
		t.Fatalf("read only %d Go files under jobs/ and calls/: wrong paths?", n)
	}
}
