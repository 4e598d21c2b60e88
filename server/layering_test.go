package server

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHTTPOnlyInServer: package server owns the HTTP API. No Go file of jobs/ or calls/
// (tests included) imports fasthttp or net/http: their requests are served, admitted and
// answered by the server's one router and error writer.
func TestHTTPOnlyInServer(t *testing.T) {
	n := 0
	for _, dir := range []string{"../jobs", "../calls"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			n++
			for _, im := range f.Imports {
				path, _ := strconv.Unquote(im.Path.Value)
				if strings.HasPrefix(path, "github.com/valyala/fasthttp") || path == "net/http" || strings.HasPrefix(path, "net/http/") {
					t.Errorf("%s imports %s: HTTP belongs in package server", p, path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 40 {
		t.Fatalf("read only %d Go files under jobs/ and calls/: wrong paths?", n)
	}
}
