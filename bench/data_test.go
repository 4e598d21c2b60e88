package bench

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
)

func TestParseFormats(t *testing.T) {
	cases := []struct {
		name, format, data string
		want               []Item
	}{
		{"csv label,review", FormatCSV, "label,review\n1,很快，好吃，味道足，量大\n0,送餐太慢了\n1,\n",
			[]Item{{Text: "很快，好吃，味道足，量大", Label: "positive"}, {Text: "送餐太慢了", Label: "negative"}}},
		{"csv cat,label,review with quotes", FormatCSV, "cat,label,review\n书籍,1,\"好书，值得一读\"\n平板,0,屏幕有坏点\n",
			[]Item{{Text: "好书，值得一读", Label: "positive"}, {Text: "屏幕有坏点", Label: "negative"}}},
		{"jsonl string and number labels", FormatJSONL, "{\"text\":\"服务态度很好\",\"label\":\"positive\"}\n\n{\"text\":\"菜凉了\",\"label\":0}\n{\"text\":\"请问几点送到\",\"label\":\"neutral\"}\n",
			[]Item{{Text: "服务态度很好", Label: "positive"}, {Text: "菜凉了", Label: "negative"}, {Text: "请问几点送到", Label: "neutral"}}},
		{"aste: inclusive token spans to code points", FormatASTE,
			"\ufeff菜 色 家 常 而 又 不 平 淡####[((0, 1), (2, 3), 'Neutral'), ((0, 1), (5, 8), 'Positive')]\n续 航 300 km 很 好####[((0, 1), (4, 5), 'POS'), ((-1, -1), (5, 5), 'NEG')]\n",
			[]Item{{Text: "菜色家常而又不平淡", Gold: []string{"0-2|2-4|neutral", "0-2|5-9|positive"}},
				{Text: "续航300 km很好", Gold: []string{"0-2|8-10|positive", "-|9-10|negative"}}}},
		{"absa: $T$ replaced by the aspect", FormatABSA, "我 个 人 觉 得 思 域 的 $T$ 偏 高\n价 格\nNegative\n$T$ 十 分 先 进\n激 光 焊 接 技 术\nPositive\n",
			[]Item{{Text: "我个人觉得思域的价格偏高", Label: "negative", Aspect: [2]int{8, 10}}, {Text: "激光焊接技术十分先进", Label: "positive", Aspect: [2]int{0, 6}}}},
		{"car: rows grouped by content_id", FormatCar,
			"content_id,content,subject,sentiment_value,sentiment_word\nA1,油耗低，动力一般,油耗,1,低\nB2,价格太贵,价格,-1,贵\nA1,油耗低，动力一般,动力,0,\n",
			[]Item{{Text: "油耗低，动力一般", Gold: []string{"油耗|positive", "动力|neutral"}}, {Text: "价格太贵", Gold: []string{"价格|negative"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := Parse([]byte(tc.data), tc.format)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ds.Items, tc.want) {
				t.Errorf("got  %+v\nwant %+v", ds.Items, tc.want)
			}
			if got := DetectFormat("x."+map[string]string{FormatJSONL: "jsonl"}[tc.format], []byte(tc.data)); tc.format != FormatCSV && tc.format != FormatJSONL && got != tc.format {
				t.Errorf("detected %s, want %s", got, tc.format)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ format, data string }{
		{FormatCSV, "a,b\n1,2\n"},
		{FormatJSONL, "{not json}\n"},
		{FormatASTE, "菜 色####[((0, 9), (2, 3), 'Positive')]\n"},
		{FormatASTE, "no separator\n"},
		{FormatABSA, "only $T$\n价格\n"},
		{FormatABSA, "$T$ 好\n价 格\nGreat\n"},
		{FormatCar, "content_id,content,subject,sentiment_value\nA,文本,价格,5\n"},
		{"xml", "<a/>"},
		{FormatCSV, "label,review\n1,\xff\xfe\n"},
	}
	for _, c := range cases {
		if _, err := Parse([]byte(c.data), c.format); err == nil {
			t.Errorf("%s %q: no error", c.format, c.data)
		}
	}
}

// Keys made from the engine's Aspect (code points) equal the parsed gold keys.
func TestTripletKeysMatchGold(t *testing.T) {
	ds, err := Parse([]byte("菜 色 家 常 而 又 不 平 淡####[((0, 1), (2, 3), 'Neutral'), ((-1, -1), (6, 8), 'Negative')]\n"), FormatASTE)
	if err != nil {
		t.Fatal(err)
	}
	pred := TripletKeys([]engine.Aspect{
		{Term: "菜色", Start: 0, End: 2, Opinion: "家常", OpinionStart: 2, OpinionEnd: 4, Polarity: "neutral"},
		{Term: "", Start: 6, End: 9, Opinion: "不平淡", OpinionStart: 6, OpinionEnd: 9, Polarity: "negative"},
		{Term: "菜色", Start: 0, End: 2, Opinion: "平淡", OpinionStart: 7, OpinionEnd: 9, Polarity: "positive"},
	})
	got := MatchSets([][]string{pred}, [][]string{ds.Items[0].Gold})
	if got.TP != 2 || got.Predicted != 3 || got.Gold != 2 || !near(got.F1, 0.8) {
		t.Errorf("got %+v, want tp 2 of 3 predicted, 2 gold, F1 0.8", got)
	}
}

func TestCategoryPairsAndAspectPolarity(t *testing.T) {
	states := []string{"absent", "negative", "neutral", "positive"}
	p := []float32{0.9, 0.05, 0.03, 0.02, 0.1, 0.2, 0.1, 0.6, 0.3, 0.4, 0.2, 0.1}
	if got := CategoryPairs(p, []string{"动力", "价格", "油耗"}, states); !reflect.DeepEqual(got, []string{"价格|positive", "油耗|negative"}) {
		t.Errorf("CategoryPairs = %v", got)
	}
	as := []engine.Aspect{
		{Term: "价格", Start: 8, End: 10, Polarity: "negative", Confidence: 0.6},
		{Term: "价", Start: 8, End: 9, Polarity: "positive", Confidence: 0.9},
		{Term: "", Start: 8, End: 12, Polarity: "neutral"},
	}
	cases := []struct {
		span [2]int
		want string
	}{{[2]int{8, 10}, "negative"}, {[2]int{8, 9}, "positive"}, {[2]int{0, 3}, "none"}}
	for _, c := range cases {
		if got := AspectPolarity(as, c.span); got != c.want {
			t.Errorf("AspectPolarity(%v) = %s, want %s", c.span, got, c.want)
		}
	}
}

// The shared data sets parse into the counts their README and the model cards state.
func TestLoadSharedDatasets(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "datasets")
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/datasets absent")
	}
	cases := []struct {
		file, format string
		items, gold  int
	}{
		{"aspect/absadatasets_zh/aste_chinese_zhang.dev.txt", FormatASTE, 2783, 5330},
		{"sentiment/waimai_train80.csv", FormatCSV, 9587, 0},
		{"aspect/absadatasets_zh/apc_car.train.txt", FormatABSA, 867, 0},
	}
	for _, c := range cases {
		ds, err := Load(filepath.Join(root, c.file), "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if ds.Format != c.format || len(ds.Items) != c.items {
			t.Errorf("%s: format %s, %d items; want %s, %d", c.file, ds.Format, len(ds.Items), c.format, c.items)
		}
		g := 0
		for _, it := range ds.Items {
			g += len(uniq(it.Gold)) // the file repeats 4 triplets; scoring counts each once
		}
		if g != c.gold {
			t.Errorf("%s: %d gold keys, want %d", c.file, g, c.gold)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("菜 色 家 常####[((0, 1), (2, 3), 'Neutral')]", FormatASTE)
	f.Add("我 的 $T$ 偏 高\n价 格\nNegative", FormatABSA)
	f.Add("content_id,content,subject,sentiment_value\nA,油耗低,油耗,1", FormatCar)
	f.Add("label,review\n1,好吃", FormatCSV)
	f.Add("{\"text\":\"好\",\"label\":1}", FormatJSONL)
	f.Fuzz(func(t *testing.T, data, format string) {
		ds, err := Parse([]byte(data), format)
		if err != nil {
			return
		}
		for _, it := range ds.Items {
			if it.Aspect[1] < it.Aspect[0] {
				t.Fatalf("bad aspect span %v", it.Aspect)
			}
		}
	})
}
