package mention

import (
	"reflect"
	"testing"
)

// Financial news (MarketReport, off by default; marketCues): a central bank's rate, a listed company's
// results or a stock's move yields no mention, whatever graph terms it holds. Each line: a
// record's text, whether it is a market report.
func TestMarketReport(t *testing.T) {
	f := func(text string, want bool) {
		t.Helper()
		if got := marketReport(text); got != want {
			t.Errorf("marketReport(%q) = %v, want %v", text, got, want)
		}
	}
	f("澳洲联储将基准利率上调50个基点至1.35%，为2019年5月以来最高利率水平，符合市场预期。", true)
	f("日本央行将基准利率维持在-0.1%不变、将10年期国债收益率目标维持在0%附近不变，符合预期。", true)
	f("蔚来董事长李斌在一季度财报会上表示，原材料和芯片等零部件价格上涨，使毛利率受到影响", true)
	f("信用卡利率太高了，分期手续费也贵", false)
	f("大盘鸡的味道很不错的，推荐一下。", false) // 大盘 is no cue: it is a piece of 大盘鸡
	f("楼下超市值得一逛", false)         // nor 市值 (超市|值得)
	f("我想买这个股票型基金", false)       // nor 个股 (这个|股票)
}

// Each line: industry, a record's text, sentiment, the mentions (term|opinion|polarity|
// point|indicator) with no aspect-polarity model.
func TestMarketReportMentions(t *testing.T) {
	f := func(industry, text, sentiment string, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.MarketReport = true
		got := show(p.Plan(testGraph, industry, sentence(text, sentiment, 0.9)).Mentions(nil))
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("banking", "南非央行当地时间7月21日表示，将回购利率提高75个基点至5.5%，这是南非近20年来最大的一次加息。", "negative")
	f("banking", "美联储在固定利率逆回购中接纳了2.140万亿美元，规模续创历史新高。", "positive")
	f("banking", "信用卡利率太高了", "negative", "利率|太高|negative|pain|利率")
}

// With Policy.OtherSense (off by default), a model term is not placed through a graph term
// inside an other-sense word (otherSense,
// otherSenseWords): 人流量 is a crowd, 毛利率 a company's margin. Each line: industry, text,
// the model term, its opinion and polarity, the indicator it is placed on ("" for none).
func TestOtherSenseModelTerm(t *testing.T) {
	f := func(industry, text, term, opinion, polarity, want string) {
		t.Helper()
		p := defaultPolicy()
		p.OtherSense = true
		ms := p.Plan(testGraph, industry, sentence(text, polarity, 0.9, triplet(text, term, opinion, polarity))).Mentions(nil)
		got := ""
		for _, m := range ms {
			if m.Term == term && m.KG != nil {
				got = m.KG.Indicator
			}
		}
		if got != want {
			t.Errorf("%s: %s placed on %q, want %q (%q)", text, term, got, want, show(ms))
		}
	}
	f("telecom", "新年期间，人流量大，更要注意啊！！", "人流量", "大", "positive", "")
	f("telecom", "河南人口多，郑州人流量大，真的需要政府给力才能严防疫情蔓延", "人流量", "大", "positive", "")
	f("banking", "对于上半年净利下降的主要原因，公司表示毛利率下滑", "毛利率", "下滑", "negative", "")
	f("telecom", "偷跑流量真的是移动的问题么", "偷跑流量", "问题", "negative", "流量额度") // 流量 stands for itself: placed
	f("banking", "花呗额度太低了", "花呗额度", "太低了", "negative", "额度")
}
