package mention

import (
	"reflect"
	"testing"
)

// Rules of spurious.go, on real DEV text (the DEV read-through readdev-sample.jsonl and
// handchecked_dev.jsonl). Each line: the rule the case tests (turned off, the result must
// differ), industry, sentence, the aspect-model triplets as term/opinion/polarity, and the
// expected mentions as term|opinion|polarity|point|indicator.
func TestSpurious(t *testing.T) {
	f := func(off, industry, text string, trips []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(trips); i += 3 {
			ts = append(ts, triplet(text, trips[i], trips[i+1], trips[i+2]))
		}
		got := show(mentions(industry, sentence(text, "positive", 0.9, ts...)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
		p := DefaultPolicy()
		switch off {
		case "OwnClauseOpinion":
			p.Spurious.OwnClauseOpinion = false
		case "FunctionWordTerms":
			// HeadWordClass (wordclass.go) drops a one-word term of these classes too, later.
			p.Spurious.FunctionWordTerms, p.Spurious.HeadWordClass = false, false
		case "NumberOpinion":
			p.Spurious.NumberOpinion = false
		case "UnplacedAsk":
			p.Spurious.UnplacedAsk = false
		case "NoOpinionWords":
			p.Spurious.NoOpinionWords = false
		case "JoinAdjacent":
			p.Spurious.JoinAdjacent = false
		case "AskNoMention":
			p.Spurious.AskNoMention = false
		case "RestSubject":
			p.Spurious.RestSubject = false
		case "PurposeNoOpinion":
			p.Spurious.PurposeNoOpinion = false
		case "AttributiveOrphan":
			p.Spurious.AttributiveOrphan = false
		case "PastProduct":
			p.Spurious.PastProduct = false
		case "Hypothetical":
			p.Spurious.Hypothetical = false
		case "InnerTermOpinion": // off by default: the case turns it on
			p.Spurious.InnerTermOpinion = true
		case "OpinionWordTerm":
			p.Spurious.OpinionWordTerm = true
		case "FunctionOpinion":
			p.Spurious.FunctionOpinion = true
		default:
			return
		}
		if without := show(p.Plan(testGraph, industry, sentence(text, "positive", 0.9, ts...)).Mentions(nil)); reflect.DeepEqual(without, want) {
			t.Errorf("%s: the same without %s: the case does not test it", text, off)
		}
	}
	// OwnClauseOpinion: an opinion in another clause that names a term of its own is that term's.
	f("OwnClauseOpinion", "ecommerce", "不但价格实惠，质量也很好", []string{"价格", "实惠", "positive", "质量", "价格实惠", "positive", "质量", "也很好", "positive"},
		"价格|实惠|positive|pleasure|价格", "质量|也很好|positive|pleasure|商品质量")
	// (faithful.go NearestHolder gives 快 to 速度 too: this line no longer tests the rule alone)
	f("", "ecommerce", "速度快，包装好", []string{"速度", "快", "positive", "包装", "快", "positive", "包装", "好", "positive"},
		"速度|快|positive|pleasure|产品性能", "包装|好|positive|pleasure|包装")
	f("OwnClauseOpinion", "ecommerce", "散热也做得不错，VISTA界面很漂亮。", []string{"散热", "做得不错", "positive", "VISTA界面", "做得不错", "positive"},
		"散热|做得不错|positive|pleasure|产品性能", "VISTA界面|很漂亮|positive|pleasure|购物APP体验") // the UI's own 很漂亮 (its indicator is another matter)
	f("", "ecommerce", "不错的休闲裤，大小合适，尺码挺标准的", []string{"休闲裤", "不错", "positive", "休闲裤", "大小合适", "positive"},
		"休闲裤|不错|positive|pleasure|商品质量", "大小|合适|positive|pleasure|尺码版型")
	// FunctionWordTerms: an adverb or pronoun is no aspect.
	f("FunctionWordTerms", "ecommerce", "暂时还没发现缺点哦！", []string{"暂时", "还没发现", "negative"})
	f("FunctionWordTerms", "ecommerce", "真是倒霉！", []string{"真是", "倒霉", "negative"})
	f("FunctionWordTerms", "food_delivery", "为什么不明码标价！", []string{"为什么", "", "negative"})
	f("", "ecommerce", "盖子没拧好，洒的箱子里都是洗发水", []string{"盖子", "没拧好", "negative"}, "盖子|没拧好|negative|pain|商品质量") // jieba tags 盖子 nr: names are not dropped
	// UnplacedAsk: an unplaced bare term is no contact reason; a placed one is.
	f("UnplacedAsk", "ecommerce", "机子什么情况？", []string{"机子", "", ""})
	f("", "ecommerce", "一大推没用的软件，浪费内存，机子倒没什么", []string{"机子", "", ""}, "内存|浪费|negative|pain|产品性能") // 没什么 asks nothing: 机子 is bare
	f("", "banking", "信用卡怎么办理？", nil, "信用卡||neutral||信用卡申请")
	// NumberOpinion: a number is no evaluation.
	f("NumberOpinion", "ecommerce", "十二星座现在状况", []string{"星座", "十二", "positive"})
	f("NumberOpinion", "ecommerce", "DVD总容量约2G。", []string{"总容量", "约2G", "positive"})
	f("", "ecommerce", "送的赠品很多。", []string{"赠品", "很多", "positive"}, "赠品|很多|positive|pleasure|赠品") // 多 with a degree word is an evaluation
	// NoOpinionWords: a noun or an A-not-A question is no opinion.
	f("NoOpinionWords", "ecommerce", "丽华居然配的蒙牛的酸奶，喝不喝好呢，纠结", []string{"酸奶", "不喝好", "negative"})
	// JoinAdjacent: terms written together that share one opinion are one mention.
	f("JoinAdjacent", "ecommerce", "带了手电筒功能，很实用。", []string{"手电筒", "很实用", "positive"}, "手电筒功能|很实用|positive|pleasure|产品性能")
	f("JoinAdjacent", "ecommerce", "机器外观很不错，干净，整洁", []string{"机器", "很不错", "positive", "外观", "很不错", "positive"}, "机器外观|很不错|positive|pleasure|外观设计")
	f("JoinAdjacent", "ecommerce", "显示屏清晰度不够，在白色背景下是灰蒙蒙的", []string{"显示屏", "灰蒙蒙", "negative", "清晰度", "灰蒙蒙", "negative"}, "显示屏清晰度|灰蒙蒙|negative|pain|产品性能")
	f("", "ecommerce", "质量服务都很好", []string{"质量", "都很好", "positive", "服务", "都很好", "positive"},
		"质量|都很好|positive|pleasure|商品质量", "服务|都很好|positive|pleasure|客服态度") // a list keeps both
	f("", "ecommerce", "质量服务都很好", nil, "质量|很好|positive|pleasure|商品质量", "服务|很好|positive|pleasure|客服态度")
	// AskNoMention (spur12, session 12): a question or request aside in a record that evaluates
	// yields no mention; a record that only asks keeps its contact reason; a rhetorical
	// question is kept.
	f("AskNoMention", "ecommerce", "手机很好用，请问有赠品吗？", nil)
	f("", "ecommerce", "请问有赠品吗？", nil, "赠品||neutral||赠品")
	f("", "ecommerce", "质量太差了，难道这就是正品吗？", nil, "质量|太差|negative|pain|商品质量", "正品||neutral||正品保障")
	f("AskNoMention", "ecommerce", "东西坏了，给我个满意的答复", nil, "坏了||negative|pain|商品质量")
	f("AskNoMention", "ecommerce", "音质不错，看看时间长了怎么样", nil, "音质|不错|positive|pleasure|产品性能")
	// RestSubject: 其他 … is the rest's opinion, never the term's.
	f("RestSubject", "ecommerce", "手机边缘有点曲屏，其他都挺好的", []string{"手机边缘", "挺好", "positive"})
	f("RestSubject", "ecommerce", "屏幕有划痕，其它还不错", nil)
	// PurposeNoOpinion: 为了防止 names a purpose.
	f("PurposeNoOpinion", "ecommerce", "壳的里面有细小颗粒，为了防止指纹印", nil)
	// AttributiveOrphan: 很差的膜 names its own topic.
	f("AttributiveOrphan", "ecommerce", "看不到整个屏幕，很差的膜", nil)
	// PastProduct: the writer's previous item; a comparison with it stays.
	f("PastProduct", "ecommerce", "因为之前我用的手机外形较好", nil)
	f("", "ecommerce", "外形比之前用的手机好", nil, "外形|好|positive|pleasure|外观设计")
	// Hypothetical: a bare term under a condition evaluates nothing yet.
	f("Hypothetical", "ecommerce", "质量不错，好的话会推荐朋友来买", nil, "质量|不错|positive|pleasure|商品质量")
}

// The spur12 rules that are off by default (their DEV costs are in spurious.go): each line
// is the result with the rule on; the default must differ.
func TestSpuriousOptIn(t *testing.T) {
	f := func(rule, industry, text string, trips []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(trips); i += 3 {
			ts = append(ts, triplet(text, trips[i], trips[i+1], trips[i+2]))
		}
		p := DefaultPolicy()
		switch rule {
		case "InnerTermOpinion":
			p.Spurious.InnerTermOpinion = true
		case "OpinionWordTerm":
			p.Spurious.OpinionWordTerm = true
		case "FunctionOpinion":
			p.Spurious.FunctionOpinion = true
		}
		got := show(p.Plan(testGraph, industry, sentence(text, "negative", 0.9, ts...)).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s\n got %q\nwant %q", rule, text, got, want)
		}
		if def := show(mentions(industry, sentence(text, "negative", 0.9, ts...))); reflect.DeepEqual(def, want) {
			t.Errorf("%s: the same by default: the case does not test it", text)
		}
	}
	f("InnerTermOpinion", "ecommerce", "蓝牙耳机，质量很好", []string{"蓝牙耳机", "质量很好", "positive", "质量", "很好", "positive"}, "质量|很好|positive|pleasure|商品质量")
	f("OpinionWordTerm", "ecommerce", "售后到位！", []string{"到位", "", "positive"})
	f("FunctionOpinion", "ecommerce", "最要命的是音质太差了", []string{"音质", "最", "negative"}, "音质|太差|negative|pain|产品性能")
}

// 什么 after a negation, and 想象, ask nothing (notAsking, asksText); a real question still asks.
func TestAsksNegatedWhat(t *testing.T) {
	f := func(clause string, asks bool) {
		t.Helper()
		rs := []rune(clause)
		if got := asksText(rs, 0, len(rs)); got != asks {
			t.Errorf("%s: asks %v, want %v", clause, got, asks)
		}
	}
	f("也不想要什么补偿", false)
	f("没什么突出的", false)
	f("里面的音乐不是我想象中的味道", false)
	f("实在不怎么样", false)
	f("这是什么东西", true)
	f("请问什么时候发货", true)
	f("为什么不发货", true)
}

// A request for information is no wish (blankInfoAsks); a counterfactual wish ending is one.
func TestInfoAskNoItch(t *testing.T) {
	f := func(clause, want string) {
		t.Helper()
		if got := ClassifyPoint(Neutral, clause); got != want {
			t.Errorf("%s: got %q, want %q", clause, got, want)
		}
	}
	f("不知道能否退款", "")
	f("想问问能不能用优惠券", "")
	f("请问可不可以开发票", "")
	f("能否增加一个挂钩", PointItch)
	f("要有不是联唱形式那有多好呀", PointItch)
	f("要是能送个挂钩就好了", PointItch)
}

// RepeatedOpinion: the mentions of a record's sentences, merged (Policy.Indicators). Each
// line: the sentences (each with its triplets as term/opinion/polarity, | between
// sentences), the mentions left.
func TestRepeatedOpinion(t *testing.T) {
	f := func(on bool, sents []string, trips [][]string, want ...string) {
		t.Helper()
		p := DefaultPolicy()
		p.Spurious.RepeatedOpinion = on
		var ms []Mention
		for i, text := range sents {
			var ts []Mention
			for k := 0; k+2 < len(trips[i]); k += 3 {
				ts = append(ts, triplet(text, trips[i][k], trips[i][k+1], trips[i][k+2]))
			}
			ms = append(ms, mentions("ecommerce", sentence(text, "positive", 0.9, ts...))...)
		}
		_, got := p.Indicators(testGraph, Record{Mentions: ms})
		if g := show(got); !reflect.DeepEqual(g, want) {
			t.Errorf("%q\n got %q\nwant %q", sents, g, want)
		}
	}
	title := []string{"诺基亚1800手机。", "质量好使用放心诺基亚1800手机非定制机质量好"}
	titleTrips := [][]string{nil, {"质量", "好使用放心", "positive"}}
	f(true, title, titleTrips, "质量|好使用放心|positive|pleasure|商品质量")
	f(false, title, titleTrips, "质量|好使用放心|positive|pleasure|商品质量", "质量|好|positive|pleasure|商品质量")
	// Two opinions of one term, neither holding the other, stay two.
	two := []string{"屏幕很清晰。", "屏幕很大。"}
	f(true, two, [][]string{{"屏幕", "很清晰", "positive"}, {"屏幕", "很大", "positive"}}, "屏幕|很清晰|positive|pleasure|产品性能", "屏幕|很大|positive|pleasure|产品性能")
}

// RepeatedTerm (off by default): a term evaluated again in another sentence of the record is
// one mention; two opinions of it in one sentence stay two. Each line: the record's
// sentences (each with its triplets), the mentions left with the rule on.
func TestRepeatedTerm(t *testing.T) {
	f := func(sents []string, trips [][]string, want ...string) {
		t.Helper()
		p := DefaultPolicy()
		p.Spurious.RepeatedTerm = true
		var ms []Mention
		var starts []int
		at := 0
		for i, text := range sents {
			var ts []Mention
			for k := 0; k+2 < len(trips[i]); k += 3 {
				ts = append(ts, triplet(text, trips[i][k], trips[i][k+1], trips[i][k+2]))
			}
			for _, m := range mentions("ecommerce", sentence(text, "negative", 0.9, ts...)) {
				m.Start, m.End = m.Start+at, m.End+at
				if m.OpinionEnd > m.OpinionStart {
					m.OpinionStart, m.OpinionEnd = m.OpinionStart+at, m.OpinionEnd+at
				}
				ms = append(ms, m)
			}
			starts = append(starts, at)
			at += len([]rune(text))
		}
		_, got := p.Indicators(testGraph, Record{Mentions: ms, SentenceStarts: starts})
		if g := show(got); !reflect.DeepEqual(g, want) {
			t.Errorf("%q\n got %q\nwant %q", sents, g, want)
		}
	}
	f([]string{"最要命的是音质太差了！", "音质很烂！"}, [][]string{{"音质", "太差了", "negative"}, {"音质", "很烂", "negative"}},
		"音质|太差了|negative|pain|产品性能")
	f([]string{"音质太差了，音质很烂！"}, [][]string{{"音质", "太差了", "negative", "音质", "很烂", "negative"}},
		"音质|太差了|negative|pain|产品性能", "音质|很烂|negative|pain|产品性能")
}
