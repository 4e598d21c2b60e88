package bench

import (
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// asteRows: every mention counts; an implicit mention (Term "") matches an implicit gold
// triplet (aspect (-1, -1)) with the same opinion span and polarity, and is a false positive
// where the gold names an explicit aspect (lead14-s14-aste-implicit.md).
func TestASTERowsImplicit(t *testing.T) {
	f := func(line string, ms []mention.Mention, source, metric string, tp, pred, gold int) {
		t.Helper()
		ds, err := Parse([]byte(line+"\n"), FormatASTE)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range asteRows(ds.Items, [][]mention.Mention{ms}) {
			if r.Source != source || r.Metric != metric {
				continue
			}
			if r.Set.TP != tp || r.Set.Predicted != pred || r.Set.Gold != gold {
				t.Errorf("%s / %s %s: got tp %d of %d predicted, %d gold; want %d of %d, %d", line, source, metric, r.Set.TP, r.Set.Predicted, r.Set.Gold, tp, pred, gold)
			}
			return
		}
		t.Errorf("%s: no %s / %s row", line, source, metric)
	}
	const service = "服 务 员 态 度 很 好 ， 就 是 上 菜 太 慢####[((0, 4), (5, 6), 'Positive'), ((10, 11), (12, 13), 'Negative')]"
	serviceMs := []mention.Mention{
		{Term: "服务员态度", Start: 0, End: 5, Opinion: "很好", OpinionStart: 5, OpinionEnd: 7, Polarity: "positive", Source: "model"},
		{Term: "", Opinion: "太慢", OpinionStart: 12, OpinionEnd: 14, Polarity: "negative", Source: "category"},
	}
	f(service, serviceMs, "all mentions", "triplet_f1", 1, 2, 2)
	f(service, serviceMs, "all mentions", "aspect_polarity_f1", 1, 2, 2)
	f(service, serviceMs, "category", "triplet_f1", 0, 1, 2)
	f(service, serviceMs, "model", "triplet_f1", 1, 1, 2)

	const value = "性 价 比 很 高 ， 下 次 还 来####[((0, 2), (3, 4), 'Positive')]"
	valueMs := []mention.Mention{{Term: "", Opinion: "下次还来", OpinionStart: 6, OpinionEnd: 10, Polarity: "positive", Source: "kg"}}
	f(value, valueMs, "all mentions", "triplet_f1", 0, 1, 1)
	f(value, valueMs, "kg", "triplet_f1", 0, 1, 1)
	f(value, nil, "all mentions", "triplet_f1", 0, 0, 1)

	const back = "还 会 来 支 持 你 们 的 。####[((-1, -1), (0, 7), 'POS')]"
	backMs := []mention.Mention{{Term: "", Opinion: "还会来支持你们的", OpinionStart: 0, OpinionEnd: 8, Polarity: "positive", Source: "kg"}}
	f(back, backMs, "all mentions", "triplet_f1", 1, 1, 1)
	f(back, backMs, "kg", "aspect_polarity_f1", 1, 1, 1)
	f(back, backMs[:0], "all mentions", "triplet_f1", 0, 0, 1)
}
