package engine

import (
	"context"
	"testing"
)

// CloseForExit closes like Close (models, store) but leaves jieba to the process's exit;
// closing again is harmless.
func TestCloseForExit(t *testing.T) {
	e, err := New(context.Background(), Config{Home: "..", CacheDir: t.TempDir(), IntraOpThreads: 1, InferWorkers: 1, AspectModel: "-", PolarityModel: "-", ChatSentimentModel: "-", CategoryModel: "-"})
	if err != nil {
		t.Fatal(err)
	}
	seg := e.Segmenter()
	if got := seg.Cut("物流太慢了"); len(got) == 0 {
		t.Fatal("segmenter does not cut before closing")
	}
	if err := e.CloseForExit(); err != nil {
		t.Fatal(err)
	}
	if e.Segmenter() != nil || e.KG() != nil {
		t.Fatal("CloseForExit left the segmenter or the store attached")
	}
	if err := e.Close(); err != nil {
		t.Fatalf("Close after CloseForExit: %v", err)
	}
	seg.Close() // abandoned: a no-op, never a double free
}
