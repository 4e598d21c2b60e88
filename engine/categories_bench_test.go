package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/testfixture"
)

// addModelEngine is an engine whose models folder holds the repository's models plus the
// add-only category models named by TINGZHEN_CATEGORY_ADD (comma-separated folders, e.g. a
// training run's output; they are not committed). Skips when it is unset.
func addModelEngine(tb testing.TB) *Engine {
	tb.Helper()
	list := os.Getenv("TINGZHEN_CATEGORY_ADD")
	if list == "" {
		tb.Skip("TINGZHEN_CATEGORY_ADD (folders of add-only category models) is not set")
	}
	dir := tb.TempDir()
	ents, err := os.ReadDir(filepath.Join("..", "models"))
	if err != nil {
		tb.Fatal(err)
	}
	link := func(src, name string) {
		abs, err := filepath.Abs(src)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.Symlink(abs, filepath.Join(dir, name)); err != nil {
			tb.Fatal(err)
		}
	}
	for _, d := range ents {
		if d.IsDir() {
			link(filepath.Join("..", "models", d.Name()), d.Name())
		}
	}
	for i, src := range strings.Split(list, ",") {
		link(src, "category-add"+string(rune('a'+i)))
	}
	e, err := New(context.Background(), Config{Home: "..", ModelsDir: dir, IntraOpThreads: 1, InferWorkers: 1})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close() })
	return e
}

// addRecords prepares the review fixture's lines as records of industry (every one read by
// that industry's add-only model).
func addRecords(tb testing.TB, e *Engine, industry string) []*record {
	tb.Helper()
	var recs []*record
	for _, t := range testfixture.ReviewLines(tb, "..", math.MaxInt) { // the review fixture's lines, whole
		r := &record{in: Input{Text: t, Industry: industry}, res: &Result{}, docUnit: -1, overallUnit: -1}
		if err := e.prepare(r); err != nil {
			continue // the fixture's edge cases (empty line)
		}
		recs = append(recs, r)
	}
	return recs
}

// BenchmarkCategoryAdd: categorize (the add-only category model's path) over the review
// fixture as ecommerce records; records/s. TINGZHEN_CATEGORY_ADD names the models.
func BenchmarkCategoryAdd(b *testing.B) {
	e := addModelEngine(b)
	recs := addRecords(b, e, "ecommerce")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.categorize(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "records/s")
}

// TestCategoryAddStats (TINGZHEN_CATEGORY_ADD and TINGZHEN_STATS_INPUT, a JSONL of {id,
// text}): the per-model totals of analysing the file in chunks of 256, as analyze does.
func TestCategoryAddStats(t *testing.T) {
	path := os.Getenv("TINGZHEN_STATS_INPUT")
	if path == "" {
		t.Skip("TINGZHEN_STATS_INPUT is not set")
	}
	e := addModelEngine(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ins []Input
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var in Input
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		ins = append(ins, in)
	}
	for i := 0; i < len(ins); i += 256 {
		if _, err := e.Analyze(context.Background(), ins[i:min(i+256, len(ins))]); err != nil {
			t.Fatal(err)
		}
	}
	s := e.Stats()
	for _, st := range s.Stages {
		t.Logf("stage %-10s %6d records %v", st.Stage, st.Records, st.Time)
	}
	for _, m := range s.Models {
		t.Logf("model %-24s texts %6d batches %5d encode %v infer %v decode %v", m.Model, m.Texts, m.Batches, m.Encode, m.Infer, m.Decode)
	}
}
