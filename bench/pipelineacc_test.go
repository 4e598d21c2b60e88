package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

var (
	pipeOnce sync.Once
	pipeEng  *engine.Engine
	pipeErr  error
)

// pipelineEngine is one real engine (the repository's models and packs) shared by the
// pipeline-accuracy tests.
func pipelineEngine(t *testing.T) *engine.Engine {
	t.Helper()
	ortOrSkip(t)
	pipeOnce.Do(func() {
		pipeEng, pipeErr = engine.New(context.Background(), engine.Config{Home: home, IntraOpThreads: 1, InferWorkers: 1})
	})
	if pipeErr != nil {
		t.Fatal(pipeErr)
	}
	return pipeEng
}

// datasetOrSkip finds a shared data set under $TINGZHEN_DATASETS or ../../shared/datasets
// and skips the test when it is absent (CI has no data sets).
func datasetOrSkip(t *testing.T, rel string) string {
	t.Helper()
	if d := os.Getenv("TINGZHEN_DATASETS"); d != "" {
		if p := filepath.Join(d, rel); fileExists(p) {
			return p
		}
	}
	return sharedOrSkip(t, rel)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func logReport(t *testing.T, rep *PipelineReport) {
	t.Helper()
	for _, r := range rep.Rows {
		t.Logf("%s %s %s %.4f %d/%d", rep.Task, r.Source, r.Metric, r.Score, r.Right, r.N)
	}
}

func hasRow(rep *PipelineReport, source, metric string) bool {
	for _, r := range rep.Rows {
		if r.Source == source && r.Metric == metric {
			return true
		}
	}
	return false
}

func rowOf(t *testing.T, rep *PipelineReport, source, metric string) PipelineRow {
	t.Helper()
	for _, r := range rep.Rows {
		if r.Source == source && r.Metric == metric {
			return r
		}
	}
	t.Fatalf("%s report has no %s / %s row: %+v", rep.Task, source, metric, rep.Rows)
	return PipelineRow{}
}

// The committed slices run through Analyze and score above floors set well below what the
// pipeline scored on them when the floors were written (see bench/results/pipeline-accuracy.md
// for the full held-out numbers). A floor fails on a real regression, not on noise.
func TestPipelineAccuracySlices(t *testing.T) {
	e := pipelineEngine(t)
	ctx := context.Background()

	t.Run("car", func(t *testing.T) {
		ds, err := Load("testdata/pipeline_car_slice.csv", FormatCar, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Items) != 40 {
			t.Fatalf("car slice: %d posts, want 40", len(ds.Items))
		}
		rep, err := ScoreCar(ctx, e, ds, "slice")
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, rep)
		f := func(source string, floor float64) {
			t.Helper()
			if r := rowOf(t, rep, source, "micro_f1"); r.Score < floor {
				t.Errorf("car slice %s micro-F1 %.4f < floor %.2f (%+v)", source, r.Score, floor, r.Set)
			}
		}
		f("all mentions", 0.12)
		f("subject only", 0.60)
		f("constant-neutral baseline", 0.30)
		if hasRow(rep, "indicators", "micro_f1") { // an engine that fills Result.Indicators
			f("indicators", 0.35)
		}
	})

	t.Run("aste", func(t *testing.T) {
		ds, err := Load("testdata/pipeline_aste_slice.txt", FormatASTE, 0)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := ScoreASTE(ctx, e, ds, "", "slice")
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, rep)
		if r := rowOf(t, rep, "all mentions", "triplet_f1"); r.Score < 0.05 || r.Set.Gold != 62 {
			t.Errorf("aste slice triplet: %+v (want F1 ≥ 0.05 over 62 gold triplets)", r.Set)
		}
		if r := rowOf(t, rep, "all mentions", "aspect_polarity_f1"); r.Score < 0.15 {
			t.Errorf("aste slice (aspect, polarity) F1 %.4f < 0.15", r.Score)
		}
	})

	t.Run("apc", func(t *testing.T) {
		ds, err := Load("testdata/pipeline_apc_slice.txt", FormatABSA, 0)
		if err != nil {
			t.Fatal(err)
		}
		if held := APCHeldOut(ds, APCTestBuckets); len(held.Items) != len(ds.Items) || len(ds.Items) != 40 {
			t.Fatalf("apc slice: %d items, %d in the held-out part; want all 40", len(ds.Items), len(held.Items))
		}
		rep, err := ScoreAPC(ctx, e, ds, "", "slice")
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, rep)
		if r := rowOf(t, rep, "all mentions", "accuracy"); r.Score < 0.35 || r.N != 40 {
			t.Errorf("apc slice accuracy %d/%d < 0.35", r.Right, r.N)
		}
	})

	t.Run("hand", func(t *testing.T) {
		items, err := LoadHand("testdata/handchecked_test.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		if len(items) < 200 {
			t.Fatalf("hand-checked test part: %d sentences, want ≥ 200", len(items))
		}
		rep, err := ScoreHand(ctx, e, items, "handchecked_test.jsonl", "test")
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, rep)
		if r := rowOf(t, rep, "all mentions", "indicator_point_f1"); r.Score < 0.25 {
			t.Errorf("hand-checked (indicator, point) F1 %.4f < 0.25 (%+v)", r.Score, r.Set)
		}
		if hasRow(rep, "indicators", "indicator_point_f1") {
			if r := rowOf(t, rep, "indicators", "indicator_point_f1"); r.Score < 0.25 {
				t.Errorf("hand-checked indicators (indicator, point) F1 %.4f < 0.25 (%+v)", r.Score, r.Set)
			}
		}
		if r := rowOf(t, rep, "all mentions", "mention_polarity_accuracy"); r.Score < 0.45 {
			t.Errorf("hand-checked per-mention polarity %d/%d < 0.45", r.Right, r.N)
		}
	})
}

// The full held-out car split (training/car_split.py's test part): the same posts the category
// model never saw, when the shared data sets are here.
func TestPipelineAccuracyCarFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full set: not in -short")
	}
	path := datasetOrSkip(t, "aspect/ccf2018_car_train85.csv")
	e := pipelineEngine(t)
	ids, err := CarSplit("testdata/car_split_ids.tsv", "test")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := LoadCarPart(path, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Items) != 705 {
		t.Fatalf("car test part: %d posts, the category-car card says 705", len(ds.Items))
	}
	rep, err := ScoreCar(context.Background(), e, ds, "test")
	if err != nil {
		t.Fatal(err)
	}
	logReport(t, rep)
	if r := rowOf(t, rep, "all mentions", "micro_f1"); r.Score < 0.15 || r.Set.Gold != 832 {
		t.Errorf("car test: %+v (want F1 ≥ 0.15 over the card's 832 gold pairs)", r.Set)
	}
}

func TestCarSubjectsAreThePackIndicators(t *testing.T) {
	f := func(id, want string) {
		t.Helper()
		got, ok := carSubject(&mention.KGRef{IDs: map[string]string{"industry": "automotive", "indicator": id}})
		if want == "" {
			if ok {
				t.Errorf("%s → %q, want no subject", id, got)
			}
			return
		}
		if got != want {
			t.Errorf("%s → %q, want %q", id, got, want)
		}
	}
	f("fuel_consumption", "油耗")
	f("price_transparency", "价格")
	f("comfort", "舒适性")
	f("sales_service", "")
	if _, ok := carSubject(&mention.KGRef{IDs: map[string]string{"industry": "ecommerce", "indicator": "price"}}); ok {
		t.Error("an ecommerce price mention counted as a car subject")
	}
	if _, ok := carSubject(nil); ok {
		t.Error("a mention with no graph place counted as a car subject")
	}
}

func TestMajorityPairs(t *testing.T) {
	m := func(ind, pol string, conf float64) mention.Mention {
		return mention.Mention{Polarity: pol, Confidence: conf, KG: &mention.KGRef{IDs: map[string]string{"industry": "automotive", "indicator": ind}}}
	}
	f := func(ms []mention.Mention, want ...string) {
		t.Helper()
		got := majorityPairs(ms)
		if len(got) != len(want) {
			t.Fatalf("majorityPairs = %v, want %v", got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("majorityPairs = %v, want %v", got, want)
			}
		}
	}
	f(nil)
	f([]mention.Mention{m("price", "negative", 0.9)}, "价格|negative")
	f([]mention.Mention{m("price", "negative", 0.9), m("price", "positive", 0.5), m("price", "positive", 0.4)}, "价格|positive")
	f([]mention.Mention{m("price", "negative", 0.4), m("price_transparency", "positive", 0.8)}, "价格|positive")
	f([]mention.Mention{m("space", "neutral", 0), m("power", "positive", 0.7)}, "动力|positive", "空间|neutral")
}

func TestAPCHeldOutAndNormKey(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := NormKey(in); got != want {
			t.Errorf("NormKey(%q) = %q, want %q", in, got, want)
		}
	}
	f("外观 很 漂亮！", "外观很漂亮")
	f("Mate 20 Pro，拍照好", "mate20pro拍照好")
	f("ＡＰＰ_很卡～", "app很卡") // NFKC, "_" and symbols dropped, as training/tz/text.py norm_key
	// Buckets computed by Python: int(hashlib.sha1(("apc:" + norm_key(s)).encode()).hexdigest()[:8], 16) % 100.
	b := func(in string, want int) {
		t.Helper()
		if got := APCBucket(in); got != want {
			t.Errorf("APCBucket(%q) = %d, want %d", in, got, want)
		}
	}
	b("外观很漂亮", 0)
	b("外观 很 漂亮！", 0)
	b("电池不耐用", 61)
	b("ＡＰＰ_很卡～", 4)
	ds := &Dataset{Items: []Item{{Text: "外观很漂亮"}, {Text: "电池不耐用"}, {Text: "a"}}}
	if got := APCHeldOut(ds, 100); len(got.Items) != 3 {
		t.Errorf("buckets 100 kept %d of 3", len(got.Items))
	}
	for _, it := range APCHeldOut(ds, APCTestBuckets).Items {
		if APCBucket(it.Text) >= APCTestBuckets {
			t.Errorf("%q kept with bucket %d", it.Text, APCBucket(it.Text))
		}
	}
}

// The APC held-out part is the polarity-zh model's test part: the card counts 2,026 items.
func TestAPCHeldOutIsThePolarityTestPart(t *testing.T) {
	want := map[string]int{"camera": 216, "car": 122, "hair": 1060, "mooc": 279, "notebook": 78, "phone": 271}
	for name, n := range want {
		ds, err := Load(datasetOrSkip(t, "aspect/absadatasets_zh/apc_"+name+".train.txt"), FormatABSA, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(APCHeldOut(ds, APCTestBuckets).Items); got != n {
			t.Errorf("apc_%s: %d held-out items, the polarity-zh card says %d", name, got, n)
		}
	}
}

func TestParseHand(t *testing.T) {
	f := func(in string, n int, errPart string) {
		t.Helper()
		items, err := ParseHand([]byte(in))
		if errPart != "" {
			if err == nil || !strings.Contains(err.Error(), errPart) {
				t.Errorf("ParseHand(%q): err %v, want %q", in, err, errPart)
			}
			return
		}
		if err != nil || len(items) != n {
			t.Errorf("ParseHand(%q) = %d items, %v; want %d", in, len(items), err, n)
		}
	}
	ok := `{"id":"a","text":"物流太慢了","industry":"ecommerce","gold":[{"indicator":"delivery_time","point":"pain","polarity":"negative"}]}`
	f(ok, 1, "")
	f(ok+"\n\n"+`{"text":"你好","industry":"ecommerce","gold":[]}`, 2, "")
	f("", 0, "no items")
	f(`{"text":"物流太慢了"}`, 0, "line 1: text and industry")
	f(ok+"\n{", 0, "line 2")
	f(`{"text":"物流太慢了","industry":"ecommerce","gold":[{"indicator":"delivery_time","point":"bad","polarity":"negative"}]}`, 0, `point "bad"`)
	f(`{"text":"物流太慢了","industry":"ecommerce","gold":[{"indicator":"delivery_time","point":"pain","polarity":"neg"}]}`, 0, `polarity "neg"`)
	f(`{"text":"物流太慢了","industry":"ecommerce","gold":[{"point":"pain","polarity":"negative"}]}`, 0, "without an indicator")
}

func TestParseCarSplit(t *testing.T) {
	f := func(in, part string, n int, errPart string) {
		t.Helper()
		ids, err := ParseCarSplit([]byte(in), part)
		if errPart != "" {
			if err == nil || !strings.Contains(err.Error(), errPart) {
				t.Errorf("ParseCarSplit(%q): err %v, want %q", in, err, errPart)
			}
			return
		}
		if err != nil || len(ids) != n {
			t.Errorf("ParseCarSplit(%q, %s) = %v, %v; want %d ids", in, part, ids, err, n)
		}
	}
	f("# c\nA\ttest\nB\tval\nC\ttest\n", "test", 2, "")
	f("# c\nA\ttest\nB\tval\n", "val", 1, "")
	f("A\ttest\n", "val", 0, `no "val" ids`)
	f("A test\n", "test", 0, "line 1")
}

func FuzzParseHand(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"物流太慢了","industry":"ecommerce","gold":[{"indicator":"delivery_time","point":"pain","polarity":"negative"}]}`))
	f.Add([]byte("{\"text\":\"x\",\"industry\":\"y\"}\n\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseHand(data)
		if err == nil && len(items) == 0 {
			t.Fatal("no error and no items")
		}
		for _, it := range items {
			if it.Text == "" || it.Industry == "" {
				t.Fatalf("item without text or industry: %+v", it)
			}
		}
	})
}

func FuzzParseCarSplit(f *testing.F) {
	f.Add([]byte("# c\nA\ttest\nB\tval\n"), "test")
	f.Fuzz(func(t *testing.T, data []byte, part string) {
		ids, err := ParseCarSplit(data, part)
		if err == nil && len(ids) == 0 {
			t.Fatal("no error and no ids")
		}
	})
}
