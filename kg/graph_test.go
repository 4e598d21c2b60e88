package kg

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func shopGraph(t testing.TB) *Graph {
	t.Helper()
	p, err := ParsePack("shop.yaml", readShop(t))
	if err != nil {
		t.Fatal(err)
	}
	return buildGraph([]*Pack{p}, map[string]string{"shop": "h"})
}

func TestFindTerms(t *testing.T) {
	g := shopGraph(t)
	cases := []struct {
		text string
		want []TermMatch // Refs checked by count only
		refs []int
	}{
		{"物流速度很快，包装也很严实", []TermMatch{{Term: "物流速度", Start: 0, End: 4}, {Term: "包装", Start: 7, End: 9}}, []int{1, 1}},
		// longest-leftmost: 快递小哥 wins over 快递; 快递盒 over 快递.
		{"快递小哥把快递盒摔坏了", []TermMatch{{Term: "快递小哥", Start: 0, End: 4}, {Term: "快递盒", Start: 5, End: 8}}, []int{1, 1}},
		// ambiguous 快递 → two aspects
		{"快递三天才到", []TermMatch{{Term: "快递", Start: 0, End: 2}}, []int{2}},
		// overlapping 客服态度 / 客服 and 态度 not a term
		{"客服态度太差", []TermMatch{{Term: "客服态度", Start: 0, End: 4}}, []int{1}},
		{"今天天气不错", nil, nil},
		{"", nil, nil},
	}
	for _, tc := range cases {
		got := g.FindTerms("shop", tc.text)
		if len(got) != len(tc.want) {
			t.Errorf("FindTerms(%q) = %+v, want %+v", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i].Term != tc.want[i].Term || got[i].Start != tc.want[i].Start || got[i].End != tc.want[i].End || len(got[i].Refs) != tc.refs[i] {
				t.Errorf("FindTerms(%q)[%d] = %+v, want %+v with %d refs", tc.text, i, got[i], tc.want[i], tc.refs[i])
			}
		}
	}
	if got := g.FindTerms("", "物流很快"); len(got) != 1 || got[0].Refs[0].Industry != "shop" {
		t.Errorf("FindTerms all industries = %+v", got)
	}
	if got := g.FindTerms("nope", "物流很快"); got != nil {
		t.Errorf("unknown industry gave %+v", got)
	}
}

func TestMatcherOverlaps(t *testing.T) {
	// Classic Aho–Corasick case: patterns that are suffixes of each other.
	m := newMatcher([]string{"he", "she", "his", "hers", "我们", "们的"})
	var got []string
	m.findAll("ushers我们的", func(h hit) { got = append(got, m.patterns[h.Pattern]) })
	want := []string{"she", "he", "hers", "我们", "们的"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("findAll = %v, want %v", got, want)
	}
	// Full-width and upper-case ASCII fold to the same term, offsets stay in runes.
	m = newMatcher([]string{"app", "wifi"})
	hits := m.findLongest("这个ＡＰＰ和WiFi都不好用")
	if len(hits) != 2 || hits[0].Start != 2 || hits[0].End != 5 || hits[1].Start != 6 || hits[1].End != 10 {
		t.Fatalf("folded hits = %+v", hits)
	}
}

func TestMapAspect(t *testing.T) {
	g := shopGraph(t)
	cases := []struct {
		name                    string
		sentence, term, opinion string
		aspect, indicator, dept string
		stage, touchpoint       string
		minConf, maxConf        float64
		wantOK                  bool
	}{
		{"exact term", "物流很慢，等了五天", "物流", "很慢", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.9, 1, true},
		{"ambiguous term, context 天/等 decides speed", "快递等了三天才到", "快递", "慢", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.6, 0.95, true},
		{"ambiguous term, context 态度 decides courier", "快递态度很凶，电话也不接", "快递", "凶", "courier_attitude", "delivery_quality", "logistics", "delivery", "courier", 0.6, 0.95, true},
		{"ambiguous term, no context → tie", "快递还行", "快递", "还行", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.3, 0.5, true},
		{"sub-term: 物流速度 known, 物流时效 via 物流", "物流时效太差", "物流时效", "太差", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.7, 0.85, true},
		{"sub-term: longest inner term", "这个快递盒子破了", "快递盒子", "破了", "packaging", "package_intact", "logistics", "delivery", "courier", 0.7, 0.85, true},
		{"implicit from opinion", "等了好久才收到", "", "等了好久", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.75, 0.85, true},
		{"implicit inside opinion", "用了两天就坏了，太失望", "", "用了两天就坏了太失望", "quality", "product_quality", "product", "use", "goods", 0.6, 0.75, true},
		{"implicit in sentence only", "客服爱答不理", "", "", "agent_attitude", "service_attitude", "service", "after_sales", "online_service", 0.5, 0.6, true},
		{"upper/full-width folded", "物流很快", "ＡＢＣ物流", "很快", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.7, 0.85, true},
		{"unknown term, opinion decides", "骑手神速", "骑手", "神速", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.4, 0.5, true},
		{"implicit phrase without its final particle (太慢了 → 太慢)", "外卖送得太慢了", "外卖", "太慢", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.4, 0.5, true},
		{"nothing fits", "天气不错", "天气", "不错", "", "", "", "", "", 0, 0, false},
		{"infer industry", "淘宝下单后物流很慢", "物流", "慢", "delivery_speed", "delivery_time", "logistics", "delivery", "courier", 0.9, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ind := "shop"
			if tc.name == "infer industry" {
				ind = ""
			}
			m, ok := g.MapAspect(ind, tc.sentence, tc.term, tc.opinion)
			if ok != tc.wantOK {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tc.wantOK, m)
			}
			if !ok {
				return
			}
			if m.AspectID != tc.aspect || m.IndicatorID != tc.indicator || m.DepartmentID != tc.dept || m.StageID != tc.stage || m.TouchpointID != tc.touchpoint {
				t.Fatalf("mapping = %+v", m)
			}
			if m.Confidence < tc.minConf || m.Confidence > tc.maxConf {
				t.Fatalf("confidence %.3f not in [%.2f, %.2f]", m.Confidence, tc.minConf, tc.maxConf)
			}
			if m.IndustryID != "shop" || m.Industry != "测试电商" || m.Aspect == "" || m.Department == "" || m.Stage == "" {
				t.Fatalf("names missing: %+v", m)
			}
		})
	}
	if _, ok := g.MapAspect("测试电商", "物流很慢", "物流", "慢"); !ok {
		t.Error("industry by Chinese name not accepted")
	}
}

func TestInferIndustry(t *testing.T) {
	g := shopGraph(t)
	cases := []struct {
		text    string
		want    string
		minConf float64
	}{
		{"京东下单第二天就到了，物流神速", "shop", 0.7},
		{"质量还行", "shop", 0.2},
		{"今天天气很好", "", 0},
	}
	for _, tc := range cases {
		id, conf := g.InferIndustry(tc.text)
		if id != tc.want || conf < tc.minConf || conf > 1 {
			t.Errorf("InferIndustry(%q) = %q %.3f, want %q ≥ %.2f", tc.text, id, conf, tc.want, tc.minConf)
		}
	}
}

func TestEdgesBothWays(t *testing.T) {
	g := shopGraph(t)
	ind := func(id string) NodeRef { return NodeRef{NodeIndicator, id} }
	if got := g.Out("shop", ind("delivery_quality"), EdgeParentOf); len(got) != 2 {
		t.Errorf("children of delivery_quality = %v", got)
	}
	if got := g.In("shop", ind("delivery_time"), EdgeParentOf); len(got) != 1 || got[0].ID != "delivery_quality" {
		t.Errorf("parent of delivery_time = %v", got)
	}
	if got := g.In("shop", NodeRef{NodeTerm, "快递"}, EdgeHasTerm); len(got) != 2 {
		t.Errorf("aspects of 快递 = %v", got)
	}
	if got := g.In("shop", NodeRef{NodeDepartment, "logistics"}, EdgeOwnedBy); len(got) != 4 {
		t.Errorf("owned by logistics = %v", got) // courier touchpoint + 3 indicators
	}
	if got := g.Out("shop", NodeRef{NodeIndustry, "shop"}, EdgeHasStage); len(got) != 4 || got[0].ID != "purchase" {
		t.Errorf("stages = %v", got)
	}
	if got := g.Descendants("shop", "delivery_quality"); len(got) != 3 {
		t.Errorf("descendants = %v", got)
	}
}

// TestDirectionAndSingleChars: direction is a typed higher_is edge (term except list, then
// aspect, then indicator); single_char_ok is per industry; FindAllTerms keeps overlaps.
func TestDirectionAndSingleChars(t *testing.T) {
	g := realGraph(t)
	f := func(industry, indicator, aspect, term, want string) {
		t.Helper()
		if got := g.Direction(industry, indicator, aspect, term); got != want {
			t.Errorf("Direction(%s, %s, %s, %s) = %q, want %q", industry, indicator, aspect, term, got, want)
		}
	}
	f("automotive", "fuel_consumption", "fuel_economy", "油耗", HigherIsBad)
	f("automotive", "price", "car_price", "价格", HigherIsBad)
	f("automotive", "price", "car_price", "性价比", HigherIsGood) // except list
	f("automotive", "space", "cabin_space", "空间", HigherIsGood)
	f("automotive", "comfort", "noise_nvh", "噪音", HigherIsBad) // aspect-level
	f("automotive", "comfort", "ride_seat_comfort", "座椅", "")
	f("automotive", "price", "car_price", "苹果性价比", HigherIsGood)    // the known term it holds, 性价比
	f("automotive", "price", "car_price", "优惠前价格", HigherIsBad)     // its head is 价格, not 优惠
	f("ecommerce", "price", "price_level", "这款手机性价比", HigherIsGood) // head 性价比
	f("automotive", "power", "oil_burning", "烧机油", HigherIsBad)     // aspect-level, not 动力's good
	f("automotive", "power", "oil_burning", "机油消耗", HigherIsBad)    // aspect-level
	f("nope", "price", "", "", "")
	if got := g.Out("automotive", NodeRef{NodeIndicator, "space"}, EdgeHigherIs); len(got) != 1 || got[0] != (NodeRef{NodeDirection, HigherIsGood}) {
		t.Errorf("higher_is edge of space = %v", got)
	}
	s := func(industry, term string, want bool) {
		t.Helper()
		if got := g.SingleCharOK(industry, term); got != want {
			t.Errorf("SingleCharOK(%s, %s) = %v, want %v", industry, term, got, want)
		}
	}
	s("food_delivery", "菜", true)
	s("food_delivery", "酸", false)
	s("ecommerce", "价", false)
	s("ecommerce", "菜", false)
	s("", "床", true)
	var got []string
	for _, m := range g.FindAllTerms("ecommerce", "物流速度") {
		got = append(got, m.Term)
	}
	if strings.Join(got, ",") != "物流速度,物流,速度" {
		t.Errorf("FindAllTerms(物流速度) = %v, want 物流速度,物流,速度 (by start, longest first, overlaps kept)", got)
	}
}

func TestUserDictWords(t *testing.T) {
	g := shopGraph(t)
	w := g.UserDictWords()
	set := map[string]bool{}
	for _, x := range w {
		if set[x] {
			t.Fatalf("duplicate %q", x)
		}
		set[x] = true
	}
	for _, want := range []string{"物流速度", "快递小哥", "淘宝", "客服态度"} {
		if !set[want] {
			t.Errorf("missing %q in %v", want, w)
		}
	}
}

// shippedPackFiles lists the packs in knowledge-graph/industries/, skipping when there are none.
func shippedPackFiles(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "knowledge-graph", "industries", "*.yaml"))
	if len(files) == 0 {
		t.Skip("no packs in knowledge-graph/industries/ yet")
	}
	return files
}

// readPackFile reads and parses one pack file.
func readPackFile(t testing.TB, f string) *Pack {
	t.Helper()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePack(filepath.Base(f), b)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return p
}

// realGraph builds a graph from the packs in knowledge-graph/industries/, skipping when there are none.
func realGraph(t testing.TB) *Graph {
	t.Helper()
	var packs []*Pack
	for _, f := range shippedPackFiles(t) {
		packs = append(packs, readPackFile(t, f))
	}
	return buildGraph(packs, nil)
}

func TestRealPacksMapping(t *testing.T) {
	g := realGraph(t)
	cases := []struct {
		industry, sentence, term, opinion string
		wantIndustry                      string
	}{
		{"ecommerce", "物流太慢了，等了一个星期才到", "物流", "太慢了", "ecommerce"},
		{"", "外卖送到的时候汤都洒了，骑手态度还很差", "骑手", "态度还很差", "food_delivery"},
		{"", "酒店房间很干净，前台服务热情", "前台", "热情", "hotel_travel"},
		{"", "信用卡额度太低，客服电话一直打不通", "额度", "太低", "banking"},
		{"", "这车油耗太高，4S店保养还贵", "油耗", "太高", "automotive"},
	}
	for _, tc := range cases {
		m, ok := g.MapAspect(tc.industry, tc.sentence, tc.term, tc.opinion)
		if !ok || m.IndustryID != tc.wantIndustry {
			t.Errorf("MapAspect(%q, %q) = %+v %v, want industry %s", tc.sentence, tc.term, m, ok, tc.wantIndustry)
			continue
		}
		t.Logf("%s | %s → %s/%s/%s/%s/%s (%.2f)", tc.sentence, tc.term, m.Stage, m.Touchpoint, m.Indicator, m.Aspect, m.Department, m.Confidence)
	}
}

// MapAspectOwn is one lookup for the two MapAspect calls the mention policy made per model
// or implicit candidate: false where MapAspect without the sentence is false, otherwise
// MapAspect with it. One line per case: sentence, term, opinion.
func TestMapAspectOwn(t *testing.T) {
	g := shopGraph(t)
	f := func(sentence, term, opinion string, wantOK bool) {
		t.Helper()
		m, ok := g.MapAspectOwn("shop", sentence, term, opinion)
		if ok != wantOK {
			t.Fatalf("MapAspectOwn(%q, %q, %q) ok = %v, want %v", sentence, term, opinion, ok, wantOK)
		}
		if _, own := g.MapAspect("shop", "", term, opinion); own != ok {
			t.Fatalf("MapAspectOwn(%q, %q, %q) ok = %v, MapAspect without the sentence %v", sentence, term, opinion, ok, own)
		}
		if want, _ := g.MapAspect("shop", sentence, term, opinion); ok && !reflect.DeepEqual(m, want) {
			t.Fatalf("MapAspectOwn(%q, %q, %q) = %+v, MapAspect %+v", sentence, term, opinion, m, want)
		}
	}
	f("快递态度很凶，电话也不接", "快递", "凶", true) // the sentence decides between the term's aspects
	f("物流时效太差", "物流时效", "太差", true)
	f("等了好久才收到", "", "等了好久", true)
	f("骑手神速", "骑手", "神速", true)
	f("客服爱答不理", "", "", false)          // an implicit phrase in the sentence only places nothing
	f("东西还行，客服爱答不理", "东西", "还行", false) // nor does it place an unknown term
	f("天气不错", "天气", "不错", false)
}

// The real ecommerce pack: a model term that is, whole, an implicit phrase is placed as that
// phrase, a phrase inside a longer unknown term is not; 坏了 is fruit's only where
// the sentence speaks of fruit (DEV read-through, bench/results/raw/readdev-*.tsv). One line
// per case: sentence, term, opinion, the indicator wanted ("" nothing fits).
func TestRealPacksWholeImplicitAndDamage(t *testing.T) {
	g := realGraph(t)
	f := func(sentence, term, opinion, want string) {
		t.Helper()
		m, ok := g.MapAspectOwn("ecommerce", sentence, term, opinion)
		if got := m.IndicatorID; got != want || ok != (want != "") {
			t.Errorf("MapAspectOwn(%q, %q, %q) = %q (ok %v), want %q", sentence, term, opinion, got, ok, want)
		}
	}
	f("物有所值。小巧，价格便宜适合打接电话用，简单。小巧。", "小巧", "", "appearance_design")
	f("小巧65292;买给姨妈的12290;", "小巧", "65292", "appearance_design")
	f("样式小巧，携带方便", "样式小巧好", "", "appearance_design") // 样式 is a term inside it
	f("这次的小巧克力很好吃", "小巧克力", "", "")                  // 小巧 inside a longer word places nothing
	f("机子才用半个月主机就坏了，不能开机也不能充电。", "坏了", "", "product_quality")
	f("这次买两箱苹果，有几个坏了", "坏了", "", "freshness")
	f("烂了，无语，装箱的时候不知道看的吗", "烂了", "无语", "freshness")
	f("物有所值。小巧，价格便宜", "", "物有所值", "price")                      // value for money is the price's
	f("通话时间好像没有宣传的长", "通话时间", "好像没有宣传的", "product_performance") // not 配送时效 through 时间
}

// Proper-name endings (AspectSpec.Names; no shipped pack lists any yet, see
// bench/results/pipeline-accuracy.md, "chatter15, session 15"): a term the pack does not know
// that ends in a name ending, with two or more Han characters before it, is placed on that
// aspect before its opinion's implicit phrases; a shorter or mixed one is not. One line per
// case: term, opinion, whether it is placed on the names' aspect.
func TestProperNames(t *testing.T) {
	p, err := ParsePack("shop.yaml", readShop(t))
	if err != nil {
		t.Fatal(err)
	}
	p.Aspects[0].Names = []string{"湖", "寺"}
	g := buildGraph([]*Pack{p}, map[string]string{"shop": "h"})
	want := p.Aspects[0].ID
	f := func(term, opinion string, placed bool) {
		t.Helper()
		m, ok := g.MapAspectOwn("shop", term+opinion, term, opinion)
		if got := ok && m.AspectID == want; got != placed {
			t.Errorf("MapAspectOwn(%q, %q) = %q (ok %v), want on %s: %v", term, opinion, m.AspectID, ok, want, placed)
		}
	}
	f("泸沽湖", "也不过如此", true)
	f("金阁寺", "", true)
	f("西湖", "", false)     // one character before the ending: no name
	f("Hotel湖", "", false) // not all Han
	f("湖", "", false)
}
