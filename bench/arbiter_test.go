package bench

import "testing"

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
