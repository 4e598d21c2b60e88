package mention

import (
	"fmt"
	"reflect"
	"testing"
)

// TestMediaReview: a record is a media review when it names a book, record or film and no
// device or other product (texts from silver r10, hand DEV and r9).
func TestMediaReview(t *testing.T) {
	f := func(text string, want bool) {
		t.Helper()
		if got := mediaReview(text); got != want {
			t.Errorf("mediaReview(%q) = %v, want %v", text, got, want)
		}
	}
	f("凯尔特音乐非常好", true)
	f("效果很不好，不如外面的盗版碟", true)
	f("喜欢小津的电影,总是娓娓道来恬淡而略带苦味的生活滋味", true)
	f("音质不错，可惜没有歌词", true)                                   // 歌
	f("看乐以后感觉是很傻的书，直接送给初中的小朋友了", true)                       // hand DEV
	f("很好的mp3。音质很好，屏幕不错不能看专辑封面！", false)                     // an MP3 player's 专辑
	f("非常好用的华为平板电脑，朋友都在用这个牌子的，很不错", false)                   // no media word
	f("散热尚可，显卡不错。这个价位有独立显卡不容易啊。硬盘也不小。考一些高清电影看，效果很不错", false) // a notebook's 电影
	f("CCTV6电影频道的广告很有意思，是这样的——蒙牛大果粒欢迎您收看伊利金典佳片有约", false)    // a milk advert
	f("物流很快，手机不错", false)
	f("内容空洞重复太多，中文译音说明有些错！", false) // names no media product: left alone
}

// TestMediaPlaceOff: with MediaPlace off (nil) a media review's mentions stay as they are.
func TestMediaPlaceOff(t *testing.T) {
	p := defaultPolicy()
	p.Verifier = nil
	p.MediaPlace = nil
	m := Mention{Term: "音乐", Opinion: "非常好", Polarity: Positive, Point: PointPleasure, Confidence: 0.8, Source: SourceModel}
	if _, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Text: "凯尔特音乐非常好", Runes: 8, Mentions: []Mention{m}}); len(all) != 1 || all[0].KG != nil {
		t.Errorf("MediaPlace off placed %+v", all)
	}
}

// TestMediaPlace: on a media review in ecommerce, an unplaced model term with a pain or a
// pleasure is placed on 商品质量, and an empty-term or sound-word mention on 产品性能 moves
// there; nothing else changes (the verifier is off here: these are the policy's inputs).
func TestMediaPlace(t *testing.T) {
	f := func(industry, text string, chat bool, m Mention, want string) {
		t.Helper()
		p := defaultPolicy()
		p.Verifier = nil
		p.MediaPlace = DefaultMediaPlace()
		_, all := p.Indicators(testGraph, Record{Industry: industry, Text: text, Runes: len([]rune(text)), Mentions: []Mention{m}, Conversational: chat})
		var got []string
		for _, x := range all {
			ind := "-"
			if x.KG != nil {
				ind = x.KG.IDs["indicator"]
			}
			got = append(got, fmt.Sprintf("%s|%s", x.Term, ind))
		}
		if !reflect.DeepEqual(got, []string{want}) {
			t.Errorf("%s: got %q, want %q", text, got, want)
		}
	}
	model := func(term, opinion, pol string) Mention {
		return Mention{Term: term, Opinion: opinion, Polarity: pol, Point: ClassifyPoint(pol, ""), Confidence: 0.8, Source: SourceModel}
	}
	on := func(term, pol string, source string) Mention {
		m := mentionOn("ecommerce", term, pol, 0.8)
		m.Source = source
		return m
	}
	implicitPerf := func(pol string) Mention {
		m := mentionOn("ecommerce", "性能", pol, 0.6)
		m.Term = ""
		return m
	}
	// an unplaced model term of a media review: 商品质量
	f("ecommerce", "凯尔特音乐非常好", false, model("音乐", "非常好", Positive), "音乐|product_quality")
	f("ecommerce", "喜欢小津的电影,总是娓娓道来恬淡而略带苦味的生活滋味", false, model("电影", "喜欢", Positive), "电影|product_quality")
	f("ecommerce", "情节真是好得无可挑剔，奈何结尾太过仓促", false, model("情节", "好得无可挑剔", Positive), "情节|product_quality")
	// neutral (no point), a word that names no aspect, a purchase word: left unplaced
	f("ecommerce", "凯尔特音乐", false, model("音乐", "", Neutral), "音乐|-")
	f("ecommerce", "对于喜欢传统戏的粉丝,大家都说这张碟好", false, model("大家", "好", Positive), "大家|-")
	f("ecommerce", "这张碟的订单不对", false, model("订单", "不对", Negative), "订单|-")
	// a pack term the verifier took off stays off (hand DEV: the box of a record)
	f("ecommerce", "之前在卓越买的碟 虽然盒子烂了", false, Mention{Term: "烂了", Polarity: Negative, Point: PointPain, Source: SourceKG}, "烂了|-")
	// 产品性能 with no term or a sound word: 商品质量; another 产品性能 term stays
	f("ecommerce", "效果很不好，不如外面的盗版碟", false, implicitPerf(Negative), "|product_quality")
	f("ecommerce", "音质不错，可惜没有歌词", false, on("音质", Positive, SourceModelKG), "音质|product_quality")
	f("ecommerce", "书的排版不错，软件也好用", false, on("软件", Positive, SourceModelKG), "软件|product_performance")
	// not a media review, a chat turn, another industry: unchanged
	f("ecommerce", "很好的mp3。音质很好，屏幕不错", false, on("音质", Positive, SourceModelKG), "音质|product_performance")
	f("ecommerce", "物流很快，手机不错", false, model("手机", "不错", Positive), "手机|-")
	f("ecommerce", "凯尔特音乐非常好", true, model("音乐", "非常好", Positive), "音乐|-")
	f("food_delivery", "边吃边听音乐，很好", false, model("音乐", "很好", Positive), "音乐|-")
}

// TestMediaCategory: an add-only category verdict on 产品性能 in a media review is a 商品质量
// verdict (and mention), unless 商品质量 has its evidence already.
func TestMediaCategory(t *testing.T) {
	f := func(text string, ms []Mention, added []CategoryDim, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.Verifier = nil
		p.MediaPlace = DefaultMediaPlace()
		p.CategoryAddPresence, p.CategoryAddPolarity = 0.8, 0.6
		p.CategoryAddMentions = true
		p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity = 0, 0
		inds, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Text: text, Runes: len([]rune(text)), Mentions: ms, Added: added})
		var got []string
		for _, x := range inds {
			got = append(got, fmt.Sprintf("%s|%s|%s|%d", x.ID, x.Point, x.Source, len(x.Mentions)))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q (%d mentions)\nwant %q", text, got, len(all), want)
		}
	}
	perf := []CategoryDim{dim("product_performance", 0.05, Positive, 0.9)}
	f("熟悉的场面，熟悉的配乐，棒", nil, perf, "product_quality|pleasure|category|1")
	f("熟悉的场面，熟悉的配乐，棒", []Mention{mentionOn("ecommerce", "质量", Positive, 0.8)}, perf, "product_quality|pleasure|mentions|1")
	f("很好的mp3，棒", nil, perf, "product_performance|pleasure|category|1")
}

// TestVerifierKeep: a verifier that drops every mention it judges (threshold above 1) leaves
// a model mention whose whole term is a VerifierKeep word placed (productName's 手机 不错 →
// 商品质量); other model terms, and the listed word inside a longer term, are judged.
func TestVerifierKeep(t *testing.T) {
	f := func(text string, m Mention, want string) {
		t.Helper()
		v := *embeddedVerifier()
		v.Threshold = 1.01
		p := defaultPolicy()
		p.Verifier = &v
		p.VerifierKeep = DefaultVerifierKeep()
		_, all := p.Indicators(testGraph, Record{Industry: "ecommerce", Text: text, Runes: len([]rune(text)), Mentions: []Mention{m}})
		got := "-"
		if len(all) == 1 && all[0].KG != nil {
			got = all[0].KG.IDs["indicator"]
		}
		if got != want {
			t.Errorf("%s: %s placed on %q, want %q", text, m.Term, got, want)
		}
	}
	product := func(term, topic string) Mention {
		m := mentionOn("ecommerce", topic, Positive, 0.8)
		m.Term, m.Source = term, SourceModel
		return m
	}
	f("物流很快，手机不错", product("手机", "质量"), "product_quality")
	f("东西很实用，觉得要多买点才可以啊。", product("东西", "性能"), "product_performance")
	f("裤子收到质量不错，面料柔软，穿上舒服", product("裤子", "质量"), "-")                                                 // not listed: judged
	f("华为手机质量不错，手机很大", product("华为手机", "质量"), "-")                                                    // a longer term: judged
	f("手机不错", func() Mention { m := product("手机", "质量"); m.Source = SourceModelKG; return m }(), "-") // not productName's
}
