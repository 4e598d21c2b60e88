package engine

import (
	"math"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine/normalize"
	"github.com/tingzhen/tingzhen/mention"
)

// TestRecordIndustry: the result's industry says where it came from (source given, dominant
// or record) and a confidence of that source: 1 when given, the sample's share for the file's
// (job's, request's) dominant industry, the inference's own share when inferred.
func TestRecordIndustry(t *testing.T) {
	g := testEngine.store.Graph()
	// inferred is the inference's confidence on text (-1 in f's want: that one).
	inferred := func(text string) float64 {
		nt, err := normalize.String(text, normalize.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, conf, _ := testEngine.cfg.Mention.Industry(g, nt.Text)
		return conf
	}
	f := func(in Input, wantID, wantSource string, wantConf float64, wantWarn string) {
		t.Helper()
		res := analyze(t, in)[0]
		if res.Error != nil {
			t.Fatalf("%q: %v", in.Text, res.Error)
		}
		ind := res.Industry
		if ind == nil {
			t.Fatalf("%q (industry %q, dominant %q): no industry", in.Text, in.Industry, in.Dominant)
		}
		if wantConf < 0 {
			wantConf = inferred(in.Text)
		}
		if ind.ID != wantID || ind.Source != wantSource || math.Abs(ind.Confidence-wantConf) > 1e-9 || ind.Inferred != (wantSource != mention.IndustrySourceGiven) {
			t.Errorf("%q (industry %q, dominant %q %.3f): industry %+v, want %s source %s confidence %.3f", in.Text, in.Industry, in.Dominant, in.DominantShare, *ind, wantID, wantSource, wantConf)
		}
		warned := ""
		for _, w := range res.Warnings {
			if strings.HasPrefix(w, "unknown_industry") {
				warned = "unknown_industry"
			}
		}
		if warned != wantWarn {
			t.Errorf("%q: warnings %q, want %q", in.Text, res.Warnings, wantWarn)
		}
	}
	const given, dominant, record = mention.IndustrySourceGiven, mention.IndustrySourceDominant, mention.IndustrySourceRecord
	f(Input{Text: "物流太慢了，包装也破了", Industry: "ecommerce"}, "ecommerce", given, 1, "")
	f(Input{Text: "物流太慢了，包装也破了", Industry: " banking ", Dominant: "ecommerce", DominantShare: 0.9}, "banking", given, 1, "") // named beats the file's
	f(Input{Text: "物流太慢了，包装也破了", Industry: "no_such_pack", Dominant: "ecommerce", DominantShare: 0.9}, "ecommerce", record, -1, "unknown_industry")
	f(Input{Text: "物流太慢了，包装也破了", Dominant: "ecommerce", DominantShare: 0.8571}, "ecommerce", dominant, 0.857, "")
	f(Input{Text: "还可以吧，下次再看看", Dominant: "food_delivery", DominantShare: 0.7}, "food_delivery", dominant, 0.7, "") // nothing points elsewhere: stays
	f(Input{Text: "物流太慢了，包装也破了", Dominant: "food_delivery", DominantShare: 0.7}, "ecommerce", record, -1, "")       // clearly elsewhere: leaves
	f(Input{Text: "这台车的发动机油耗太高了，4S店保养也贵", Dominant: "ecommerce", DominantShare: 0.9}, "automotive", record, -1, "") // leaves the file's
	f(Input{Text: "这台车的发动机油耗太高了，4S店保养也贵", Dominant: "automotive", DominantShare: 0.65}, "automotive", dominant, 0.65, "")
	f(Input{Text: "这台车的发动机油耗太高了，4S店保养也贵"}, "automotive", record, -1, "")
	f(Input{Text: "物流太慢了，包装也破了", Dominant: "no_such_pack", DominantShare: 0.9}, "ecommerce", record, -1, "")
	// The leave decision reads the normalised text, as the rest of the pipeline: zero-width
	// spaces (dropped by normalisation) hid a hotel review and a delivery review from it.
	f(Input{Text: "酒店前台服务差，房间很脏", Dominant: "ecommerce", DominantShare: 0.9}, "hotel_travel", record, -1, "")
	f(Input{Text: "酒\u200b店\u200b前\u200b台\u200b服\u200b务\u200b差\u200b，房\u200b间\u200b很\u200b脏", Dominant: "ecommerce", DominantShare: 0.9}, "hotel_travel", record, -1, "")
	f(Input{Text: "外\u200b卖\u200b送\u200b得\u200b太\u200b慢\u200b，骑\u200b手\u200b态\u200b度\u200b差", Dominant: "ecommerce", DominantShare: 0.9}, "food_delivery", record, -1, "")
}

// TestDominantVoteReadsAsTheEngine: a record's vote in its file's dominant-industry sample
// (mention.Policy.Dominant, given the text as written) is the industry the engine gives the
// record on its own (source record): both read the normalised text (mention.IndustryText).
// Real texts with full-width letters and digits, emoji, mixed case and zero-width spaces.
func TestDominantVoteReadsAsTheEngine(t *testing.T) {
	g := testEngine.store.Graph()
	f := func(text string) {
		t.Helper()
		d := testEngine.cfg.Mention.Dominant(g, []string{text})
		res := analyze(t, Input{Text: text})[0]
		if res.Error != nil || res.Industry == nil {
			t.Fatalf("%q: %v, industry %v", text, res.Error, res.Industry)
		}
		if d.Top != res.Industry.ID || res.Industry.Source != mention.IndustrySourceRecord {
			t.Errorf("%q: vote %q, the engine's own decision %+v", text, d.Top, *res.Industry)
		}
	}
	zw := func(s string) string { return strings.Join(strings.Split(s, ""), "\u200b") }
	f("清理发动机积碳的话，还是建议去4Ｓ店或者修理店清理更加的稳妥，希望可以帮到你。")
	f("Ｔｈｉｎｋｐａｄ嘛，优点就不用说了，联想接手以后，还是一样的！")
	f("苹果的颜色很正哦，又脆又甜的！😍😍")
	f("作家邱一新的书＜人生的旅行存褶:我把存款变成回忆：把回忆存在世界各地＞，我挺喜欢这句话，下半年又要开始把回忆存在世界各地了，目前已存在42个国家里！")
	f(zw("酒店前台服务差，房间很脏"))
	f(zw("外卖送得太慢，骑手态度差"))
}
