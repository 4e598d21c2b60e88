package mention

import (
	"math"
	"strings"
	"testing"
)

// A record naming no industry: the default reads it with the char n-gram model plus the
// pack keywords (IndustryModel, IndustryKeywordWeight); products no pack covers read as
// e-commerce; an industry the model does not know (telecom) wins on its keywords.
func TestIndustry(t *testing.T) {
	f := func(text, want string) {
		t.Helper()
		id, _, _ := defaultPolicy().Industry(testGraph, text)
		if id != want {
			t.Errorf("Industry(%q) = %s, want %s", text, id, want)
		}
	}
	f("油耗有点高，空间很大", "automotive")
	f("外卖送得很快", "food_delivery")
	f("手机有点卡", "ecommerce")
	f("外观看上去还不错，不过有人不太喜欢镜面的", "ecommerce")
	f("耳机音质不错，低音很足，就是戴久了耳朵疼", "ecommerce") // 音质/耳朵: no pack; was automotive-leaning
	f("这张CD的音质很好，都是经典老歌", "ecommerce")
	f("书的印刷质量很好，内容也不错", "ecommerce")
	f("电池容量很大，充电快", "ecommerce")
	f("味道不错，送餐也快", "food_delivery")
	f("房间很干净，前台服务热情", "hotel_travel")
	f("信用卡额度太低了", "banking")
	f("4S店保养太贵了", "automotive")
	f("宽带老是掉线，10086打了几次都没解决", "telecom") // not in the model: keywords decide
	f("可恶啊第一次买的挺好的！这次买两箱果心是坏的！不会再买了", "ecommerce")
	f("待机时间长是这部机子最大的优点，带了手电筒功能，很实用。", "ecommerce")
	f("超级超级满意！！！！很有气质呢，我们办公室的同事都说好看，还问我要了链接，进来的朋友可以放心选择，是个良心卖家呢", "ecommerce")
	f("总是Thinkpad系列的，系统的稳定性比较好，散热也做得不错", "ecommerce")
}

// Keywords alone (IndustryModel nil, the rule before session 9): the inference when it is
// sure enough (IndustryFloor), else the general e-commerce reading.
func TestIndustryKeywords(t *testing.T) {
	f := func(text, want string, fallback bool) {
		t.Helper()
		p := *defaultPolicy()
		p.IndustryModel = nil
		id, _, fb := p.Industry(testGraph, text)
		if id != want || fb != fallback {
			t.Errorf("Industry(%q) = %s (fallback %v), want %s (fallback %v)", text, id, fb, want, fallback)
		}
	}
	f("油耗有点高，空间很大", "automotive", false)
	f("外卖送得很快", "food_delivery", false)
	f("手机有点卡", "ecommerce", false)
	f("今天天气不错", "ecommerce", true)               // nothing detected
	f("外观看上去还不错，不过有人不太喜欢镜面的", "ecommerce", true) // automotive, but weakly (0.11)
	f("商家售后服务态度好", "ecommerce", true)            // automotive at 0.06
	f("待机时间长是这部机子最大的优点，带了手电筒功能，很实用。", "ecommerce", false)
	f("可恶啊第一次买的挺好的！这次买两箱果心是坏的！不会再买了", "ecommerce", true)
	p := *defaultPolicy()
	p.IndustryModel, p.FallbackIndustry = nil, ""
	if id, _, fb := p.Industry(testGraph, "今天天气不错"); id != "" || fb {
		t.Errorf("no fallback industry: got %q (fallback %v), want none", id, fb)
	}
}

// IndustryMargin: another industry must beat the fallback's score by the margin (here for
// every industry: IndustrySupport 0).
func TestIndustryMargin(t *testing.T) {
	f := func(text string, margin float64, want string, fallback bool) {
		t.Helper()
		p := *defaultPolicy()
		p.IndustryMargin, p.IndustrySupport = margin, 0
		id, _, fb := p.Industry(testGraph, text)
		if id != want || fb != fallback {
			t.Errorf("Industry(%q) margin %.1f = %s (fallback %v), want %s (fallback %v)", text, margin, id, fb, want, fallback)
		}
	}
	f("商家售后服务态度好", 0, "food_delivery", false) // the model leans food_delivery (0.59)
	f("商家售后服务态度好", 1, "ecommerce", true)
	f("味道不错，送餐也快", 5, "food_delivery", false)
}

// Dominant: each line is a file's texts (real reviews), the industry wanted ("" none), its

// IndustrySupport and IndustryBareMargin: shop reviews of products no training source covers
// (real reviews of the dev part of bench/testdata/shop_industry.jsonl) stay e-commerce when
// the industry the n-grams lean to has hardly a keyword of its own; records with their
// industry's words keep it.
func TestIndustryBareMargin(t *testing.T) {
	f := func(text, want string, fallback bool) {
		t.Helper()
		id, _, fb := defaultPolicy().Industry(testGraph, text)
		if id != want || fb != fallback {
			t.Errorf("Industry(%q) = %s (fallback %v), want %s (fallback %v)", text, id, fb, want, fallback)
		}
	}
	f("強烈推薦這張專輯~!!!!!!!!!!!!!! 很喜歡陳綺貞.這么經典的一張精選集當然要買~!", "ecommerce", true)                                                                  // n-grams: hotel_travel, no keyword
	f("最后一本了，拜托卓越一定想办法，让霆锋来签次名啊！！！！ 拜托拜托啦～～～～～！！", "ecommerce", true)                                                                        // food_delivery, no keyword
	f("太棒了！没大有比这再好的演唱会了！如果有 那就是春春明年的why me！嘻嘻", "ecommerce", true)                                                                           // automotive, no keyword
	f("成军40年,这张专辑包含了众多的经典好歌 .我买了一张外国原盘感觉更爽呀,不只是音 质的,还可以说是精神上的享受,酷闭了.价钱也不多才20元.我建仪更多的新摇滚乐迷们来听一下此碟,领略摇滚的精髓吧哈哈祝大家能从中得到更多.", "ecommerce", false) // 专辑, 碟: ecommerce's media words (was automotive with 0.2 of 价格, kept by the bare margin)
	f("家里有两个，好用，投屏很快也清晰，可以在电视上追爱奇艺的剧了，顺便把爱奇艺的年卡延长，感觉好值呀", "hotel_travel", false)                                                             // wrong: 值 inside 好值 is no ecommerce word any more (industry evidence on word boundaries)
	f("不实用,孩子很难跟学,而且没有什么音乐,非常单调.", "ecommerce", true)
	f("外卖送得很快", "food_delivery", false)
	f("房间很干净，前台服务热情", "hotel_travel", false)
	f("油耗有点高，空间很大", "automotive", false)
	f("花呗怎么还款", "banking", false)
	f("菜量很足，味道也好", "food_delivery", false)
	f("花径，曾是庐山历史上的三大名寺（西林寺、东林寺、大林寺）之一的大林寺所在地。", "hotel_travel", false) // no keyword: the n-grams by more than the bare margin
	f("你说的是国外，不要与国产高尔夫混为一谈！", "automotive", false)
}

// share of the votes. DominantShare is 0.6.
func TestDominant(t *testing.T) {
	f := func(texts []string, want string, share float64) {
		t.Helper()
		d := defaultPolicy().Dominant(testGraph, texts)
		if d.ID != want || math.Abs(d.Share-share) > 1e-9 || d.Sampled != len(texts) {
			t.Errorf("Dominant(%q) = %s share %.3f sampled %d (votes %v), want %s share %.3f", texts, d.ID, d.Share, d.Sampled, d.Votes, want, share)
		}
	}
	fruit := []string{"超级好吃。很脆。但是个子不是很大，有2个不脆。", "苹果很好吃，甜甜的。女儿很喜欢吃。", "包装很严实，一个坏的也没有", "物流很快，价格实惠", "质量不错，下次还来买"}
	f(fruit, "ecommerce", 0.8) // 1 of 5 read as food_delivery (甜 is no single_char_ok word)
	f(fruit[:2], "", 0.5)      // a tie: none dominant
	f([]string{"菜量很足，味道也好", "外卖送得很快"}, "food_delivery", 1)
	f([]string{"油耗有点高，空间很大", "外卖送得很快", "为什么我的花呗额度降低了", "手机有点卡"}, "", 0.25) // four industries: none dominant
	f([]string{"油耗有点高，空间很大", "外卖送得很快"}, "", 0.5)                           // a tie at 0.5: none dominant
	f(nil, "", 0)
}

// ParseIndustryMode: "" is the default; unknown names are an error.
func TestParseIndustryMode(t *testing.T) {
	f := func(in, want string, ok bool) {
		t.Helper()
		got, err := defaultPolicy().ParseIndustryMode(in)
		if got != want || (err == nil) != ok {
			t.Errorf("ParseIndustryMode(%q) = %q, %v; want %q (ok %v)", in, got, err, want, ok)
		}
	}
	f("", IndustryModeDominant, true)
	f("record", IndustryModeRecord, true)
	f("dominant", IndustryModeDominant, true)
	f("majority", "", false)
}

// CallIndustry: keywords alone unless CallIndustryModel (chats are not what the model learnt).
func TestCallIndustry(t *testing.T) {
	f := func(text string, withModel bool, want string) {
		t.Helper()
		p := *defaultPolicy()
		p.CallIndustryModel = withModel
		if id, _, _ := p.CallIndustry(testGraph, text); id != want {
			t.Errorf("CallIndustry(%q) model %v = %s, want %s", text, withModel, id, want)
		}
	}
	f("你好。您好", false, "ecommerce") // nothing detected: the fallback
	f("你好。您好", true, "automotive") // the model on a greeting (why calls default to keywords)
	f("我的花呗额度怎么降了。您好，这边帮您查询一下", false, "banking")
}

// TestIndustryEvidenceWords: a pack word is industry evidence only where it stands as a word
// (the term-matching test), a one-character one only where single_char_ok lists it.
func TestIndustryEvidenceWords(t *testing.T) {
	f := func(text, industry string, want bool) {
		t.Helper()
		_, _, ev := defaultPolicy().evidence(testGraph, text)
		if got := ev[industry] > 0; got != want {
			t.Errorf("evidence(%q)[%s] = %v, want evidence %v", text, industry, ev, want)
		}
	}
	f("这本书很有品味，值得一读", "food_delivery", false)
	f("味道不错，下次还点", "food_delivery", true)
	f("菜很好吃，送得也快", "food_delivery", true)
	f("这条路车流量很大", "telecom", false)
	f("流量不够用，套餐太贵", "telecom", true)
	// one-character detect words (ecommerce's 书, 碟: media products) count where they stand as words
	f("书很好看", "ecommerce", true)
	f("送给孩子的书", "ecommerce", true)
	f("这张碟很清晰", "ecommerce", true)
	f("秘书很漂亮", "ecommerce", false)
	f("来一碟小菜", "ecommerce", false)
	f("这本书写得很好", "ecommerce", false) // jieba cuts 这本/书写: 书 stands as no word
	f("一本书", "ecommerce", true)      // 本书 is a media word of its own
	f("专辑很好听", "ecommerce", true)
	f("BCD-216冰箱", "ecommerce", false) // no ASCII media words: as jieba user words they split ASCII runs (B/CD)
}

// Media products (books, discs, music, film): reviews of them read as e-commerce on the
// ecommerce pack's 图书音像 detect words; other industries' texts keep theirs.
func TestIndustryMedia(t *testing.T) {
	f := func(text, want string) {
		t.Helper()
		if id, _, _ := defaultPolicy().Industry(testGraph, text); id != want {
			t.Errorf("Industry(%q) = %s, want %s", text, id, want)
		}
	}
	f("书的质量很好，印刷清楚，纸张也厚", "ecommerce")
	f("这张碟是正版的，音质不错", "ecommerce")
	f("专辑里的歌曲首首好听", "ecommerce")
	f("电影拍得一般，字幕还对不上", "ecommerce")
	f("小说的作者文笔很好，一口气读完了", "ecommerce")
	f("这张CD的曲目编排很用心，歌手的声音很干净", "ecommerce")
	f("影碟画面清晰，电影很感人", "ecommerce")
	f("绘本的插图很精美，孩子每天都要看", "ecommerce")
	f("教材印刷模糊，好几页看不清", "ecommerce")
	f("译者水平太差，读起来很别扭", "ecommerce")
	f("菜量很足，味道也好", "food_delivery")
	f("房间很干净，前台服务热情", "hotel_travel")
	f("油耗有点高，空间很大", "automotive")
}

// TestDominantReadsNormalisedText: each text of the sample votes as the engine reads its
// record (IndustryText: engine/normalize), so that the vote and the per-record decisions
// (Industry, FileIndustry) read the same text; before, the vote read the text as written.
// Real texts: full-width letters and digits (a car forum, old phone reviews), emoji, mixed
// case, a Weibo post with full-width brackets, and reviews pasted with zero-width spaces.
// A text with nothing left once normalised does not vote.
func TestDominantReadsNormalisedText(t *testing.T) {
	f := func(text, want string) {
		t.Helper()
		d := defaultPolicy().Dominant(testGraph, []string{text})
		norm, ok := IndustryText(text)
		if !ok {
			if d.Sampled != 0 || want != "" {
				t.Errorf("%q: nothing left once normalised, yet %d votes %v (want %q)", text, d.Sampled, d.Votes, want)
			}
			return
		}
		id, _, _ := defaultPolicy().Industry(testGraph, norm)
		if d.Top != want || id != want || d.Sampled != 1 {
			t.Errorf("%q: vote %q (sampled %d), Industry of the normalised text %q, want %q", text, d.Top, d.Sampled, id, want)
		}
	}
	zw := func(s string) string { return strings.Join(strings.Split(s, ""), "\u200b") }
	f("我的车用的是０ｗ３０的机油，跑高速多，杭州的气候５ｗ３０全合成一年四季无需担心。", "automotive")
	f("清理发动机积碳的话，还是建议去4Ｓ店或者修理店清理更加的稳妥，希望可以帮到你。", "automotive")
	f("brz上的发动机主要为赛道用的，最大的缺点是扭矩小，不适合ｓｕｖ，ｓｕｖ追求的是低速扭距大    ", "automotive")
	f("Ｔｈｉｎｋｐａｄ嘛，优点就不用说了，联想接手以后，还是一样的！", "ecommerce")
	f("自己实用最重要，照相．ＭＰ３播放．６０Ｍ内存．手感好．", "ecommerce")
	f("苹果的颜色很正哦，又脆又甜的！😍😍", "ecommerce")
	f("总是Thinkpad系列的，系统的稳定性比较好，散热也做得不错", "ecommerce")
	// as written it voted banking (存款); read as the engine reads it, ecommerce (a book)
	f("作家邱一新的书＜人生的旅行存褶:我把存款变成回忆：把回忆存在世界各地＞，我挺喜欢这句话，下半年又要开始把回忆存在世界各地了，目前已存在42个国家里！", "ecommerce")
	f(zw("酒店前台服务差，房间很脏"), "hotel_travel")
	f(zw("外卖送得太慢，骑手态度差"), "food_delivery")
	f("\u200b\u3000\u200b", "") // no vote
}
