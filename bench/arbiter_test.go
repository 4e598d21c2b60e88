package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ASTETrainRest and ASTEValCarve split a train file into two disjoint parts that cover it.
func TestASTETrainRest(t *testing.T) {
	f := func(texts ...string) {
		t.Helper()
		ds := &Dataset{Format: FormatASTE}
		for _, s := range texts {
			ds.Items = append(ds.Items, Item{Text: s})
		}
		rest, carve := ASTETrainRest(ds), ASTEValCarve(ds)
		if len(rest.Items)+len(carve.Items) != len(texts) {
			t.Errorf("%d + %d items of %d", len(rest.Items), len(carve.Items), len(texts))
		}
		for _, it := range rest.Items {
			if ASTEBucket(it.Text) < ASTEValBuckets {
				t.Errorf("%s is in the carve", it.Text)
			}
		}
	}
	f()
	f("菜品很好吃", "服务态度差", "送餐速度太慢了", "环境不错，价格实惠", "包装很结实", "物流太慢了", "屏幕很清晰", "电池不耐用")
}

// LoadCarTrain keeps exactly the posts of the car file that the split file puts in neither
// the val nor the test part; LoadCarPart keeps one part.
func TestLoadCarTrain(t *testing.T) {
	const car = "testdata/pipeline_car_slice.csv"
	all, err := loadCarWhere(car, func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	split := filepath.Join(t.TempDir(), "split.tsv")
	// the first post val, the second test, the rest unlisted (train)
	if err := os.WriteFile(split, []byte("# content_id\tsplit\nVrRd1HcoMNAkvhJy\tval\nXgO0ixdBwTn6IsF4\ttest\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := LoadCarTrain(car, split)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) < 3 || len(tr.Items) != len(all.Items)-2 {
		t.Fatalf("train part %d posts of %d, want all but the val and test one", len(tr.Items), len(all.Items))
	}
	for _, it := range tr.Items {
		if strings.HasPrefix(it.Text, "优惠1") || strings.HasPrefix(it.Text, "昨天看了傲虎ES") {
			t.Errorf("held-out post in the train part: %s", it.Text)
		}
	}
	ids, err := CarSplit(split, "test")
	if err != nil {
		t.Fatal(err)
	}
	te, err := LoadCarPart(car, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(te.Items) != 1 || !strings.HasPrefix(te.Items[0].Text, "昨天看了傲虎ES") {
		t.Errorf("test part: %+v", te.Items)
	}
}
