package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOptionalModelFolder: an optional model folder is present with a model.onnx, absent
// without one (missing or empty folder), and an error when it is a link to nowhere.
func TestOptionalModelFolder(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, withModel bool) string {
		d := filepath.Join(root, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if withModel {
			if err := os.WriteFile(filepath.Join(d, "model.onnx"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	link := func(name, target string) string {
		p := filepath.Join(root, name)
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symlink: %v", err)
		}
		return p
	}
	f := func(dir string, wantOK bool, wantErr string) {
		t.Helper()
		ok, err := optional(dir)
		if ok != wantOK || (err == nil) != (wantErr == "") || (err != nil && !strings.Contains(err.Error(), wantErr)) {
			t.Errorf("optional(%s) = %v, %v; want %v, error containing %q", filepath.Base(dir), ok, err, wantOK, wantErr)
		}
	}
	f(mk("category-ecommerce", true), true, "")
	f(mk("category-empty", false), false, "")
	f(filepath.Join(root, "category-none"), false, "")
	f(link("category-linked", filepath.Join(root, "category-ecommerce")), true, "")
	f(link("category-dangling", filepath.Join(root, "gone")), false, "which is missing")

	// The scan of a models folder refuses the dangling link and names it.
	_, err := categoryModelNames(Config{ModelsDir: root, CategoryModel: "category-car"})
	if err == nil || !strings.Contains(err.Error(), "category-dangling") {
		t.Errorf("categoryModelNames with a dangling link: %v", err)
	}
	os.Remove(filepath.Join(root, "category-dangling"))
	names, err := categoryModelNames(Config{ModelsDir: root, CategoryModel: "category-car"})
	if err != nil || strings.Join(names, ",") != "category-car,category-ecommerce,category-linked" {
		t.Errorf("categoryModelNames = %v, %v", names, err)
	}
}
