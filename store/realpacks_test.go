package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestStoreLoadsRealPacks loads knowledge-graph/industries/ through the Store (Badger in a temp dir), twice.
func TestStoreLoadsRealPacks(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "knowledge-graph", "industries", "*.yaml"))
	if len(files) == 0 {
		t.Skip("no packs in knowledge-graph/industries/ yet")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, Options{Dir: dir, PacksDir: "../knowledge-graph/industries", StrictPacks: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inds := s.Graph().Industries()
	if len(inds) != len(files) {
		t.Fatalf("%d industries from %d files", len(inds), len(files))
	}
	for _, in := range inds {
		t.Logf("%-14s %s v%d: %d indicators, %d aspects, %d distinct terms, %d rules", in.ID, in.Name, in.Version, in.Indicators, in.Aspects, in.Terms, in.Rules)
	}
	rep, err := s.LoadPacks(ctx, "../knowledge-graph/industries")
	if err != nil || rep.Count("unchanged") != len(files) {
		t.Fatalf("second load: %+v %v", rep, err)
	}
	t.Logf("user dictionary: %d words", len(s.Graph().UserDictWords()))
}
