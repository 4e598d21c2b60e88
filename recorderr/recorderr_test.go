package recorderr

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// recordErrorTypes are the types whose Code field carries a record-error code.
var recordErrorTypes = []string{"RecordError", "Error", "errorLine"}

// recordPackages are the folders whose code writes record errors (adapt's RowError codes are
// its training rows', the server's and jobs' apiError codes are request-level).
var recordPackages = []string{"engine", "jobs", "scale", "calls", "cmd"}

// TestEveryCodeInTheSet: no record-error code is written as a string literal of a
// record-error type in the tree (engine.RecordError always takes a recorderr constant;
// jobs/input's Error, which also carries file-level codes, takes recorderr's for records),
// so no record code is defined anywhere else.
func TestEveryCodeInTheSet(t *testing.T) {
	seen := map[string]bool{}
	n := 0
	for _, dir := range recordPackages {
		err := filepath.WalkDir(filepath.Join("..", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
			if err != nil {
				return err
			}
			n++
			ast.Inspect(f, func(nd ast.Node) bool {
				cl, ok := nd.(*ast.CompositeLit)
				if !ok {
					return true
				}
				var name string
				switch ty := cl.Type.(type) {
				case *ast.Ident:
					name = ty.Name
				case *ast.SelectorExpr:
					name = ty.Sel.Name
				}
				if !slices.Contains(recordErrorTypes, name) {
					return true
				}
				for _, el := range cl.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					k, ok := kv.Key.(*ast.Ident)
					lit, isLit := kv.Value.(*ast.BasicLit)
					if !ok || k.Name != "Code" || !isLit || lit.Kind != token.STRING {
						continue
					}
					code, _ := strconv.Unquote(lit.Value)
					seen[code] = true
					switch {
					case name == "RecordError":
						t.Errorf("%s: RecordError code %q written as a string: use a recorderr constant", p, code)
					case Known(code):
						t.Errorf("%s: record-error code %q written as a string: use recorderr's constant", p, code)
					case name != "Error" || !strings.Contains(p, "input"):
						t.Errorf("%s: record-error code %q is not in package recorderr", p, code)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 50 {
		t.Fatalf("scanned %d files: wrong paths?", n)
	}
}

// TestDocumented: README's result contract and OpenAPI's Result.error.code list exactly the set.
func TestDocumented(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range All() {
		if !strings.Contains(string(readme), "`"+string(c)+"`") {
			t.Errorf("README.md does not document record-error code %s", c)
		}
	}
	data, err := os.ReadFile("../server/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Properties map[string]struct {
						Enum []string `json:"enum"`
					} `json:"properties"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	enum := doc.Components.Schemas["Result"].Properties["error"].Properties["code"].Enum
	var want []string
	for _, c := range All() {
		want = append(want, string(c))
	}
	if !slices.Equal(enum, want) {
		t.Errorf("openapi.json Result.error.code enum = %v, want %v (recorderr.All)", enum, want)
	}
}

// TestRenamedGone: a retired code is written nowhere in the tree's Go code, and README
// names it as renamed.
func TestRenamedGone(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for old, now := range Renamed() {
		n := 0
		if !strings.Contains(string(readme), "`"+old+"` (renamed `"+string(now)+"`)") {
			t.Errorf("README.md does not list %s as renamed %s", old, now)
		}
		if Known(old) {
			t.Errorf("retired code %s is still known", old)
		}
		err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "third_party" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && p != ".." {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.HasPrefix(p, "../recorderr/") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n++
			if strings.Contains(string(b), strconv.Quote(old)) {
				t.Errorf("%s writes the retired code %q (now %q)", p, old, now)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < 200 {
			t.Fatalf("scanned %d Go files: wrong paths?", n)
		}
	}
}

func TestKnown(t *testing.T) {
	f := func(s string, want bool) {
		t.Helper()
		if got := Known(s); got != want {
			t.Errorf("Known(%q) = %v, want %v", s, got, want)
		}
	}
	f("bad_json", true)
	f("empty_text", true)
	f("invalid_json", false)  // renamed bad_json: accepted nowhere
	f("line_too_long", false) // renamed record_too_long
	f("", false)
}
