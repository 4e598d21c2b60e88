package mention

import (
	"reflect"
	"strings"
	"testing"
)

// Each line: industry, sentence, its sentiment label, and the expected mentions as
// term|opinion|polarity|point|indicator (no aspect-model triplets: graph terms only).
func TestGraphTerms(t *testing.T) {
	f := func(industry, text, sentiment string, want ...string) {
		t.Helper()
		got := show(mentions(industry, sentence(text, sentiment, 0.9)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// Word boundaries: 价 in 评价 is no 价格 term; 时间 in 待机时间 is not 配送时效.
	f("ecommerce", "给个好评价吧", "positive")
	// A term that cuts one word and ends in another is none (信号 in 微信|号).
	f("telecom", "介绍个微信号给姐妹们，刚刚好", "positive")
	f("ecommerce", "手机待机时间太短了", "negative", "待机时间|太短|negative|pain|产品性能")
	// Single characters only where the pack marks them safe: 酸 and 汤 of 酸汤鱼 are not
	// terms; 菜 is (food_delivery single_char_ok).
	f("food_delivery", "酸汤鱼很好吃", "positive", "|酸汤鱼很好吃|positive|pleasure|餐品口味")
	f("food_delivery", "菜很好吃", "positive", "菜|很好吃|positive|pleasure|餐品口味")
	// A term's edge may fall inside a jieba word only when the rest is an opinion word
	// (速度|快 is one jieba word); 话费 does not match inside jieba's 月话费 (the implicit
	// phrase 太贵 still places the sentence).
	f("telecom", "这个月话费太贵了", "negative", "|这个月话费太贵了|negative|pain|套餐资费")
	f("ecommerce", "外形美观，速度快", "positive", "外形|美观|positive|pleasure|外观设计", "速度|快|positive|pleasure|产品性能")
	f("hotel_travel", "酒店是挂五的，但大堂真的很小很一般", "negative", "大堂|很小很一般|negative|pain|酒店设施")
	// Direction of the indicator with a magnitude word, whatever the sentence says.
	f("automotive", "17价格忒高", "positive", "价格|忒高|negative|pain|价格")
	f("automotive", "油耗有点高", "positive", "油耗|有点高|negative|pain|油耗")
	f("automotive", "凯越的油耗高是众所周知的", "positive", "油耗|高|negative|pain|油耗")
	f("automotive", "噪音大", "positive", "噪音|大|negative|pain|舒适性")
	f("automotive", "空间大，性价比高", "negative", "空间|大|positive|pleasure|空间", "性价比|高|positive|pleasure|价格")
	f("automotive", "价格不贵", "negative", "价格|不贵|positive|pleasure|价格")
	f("food_delivery", "分量很少", "positive", "分量|很少|negative|pain|分量")
	// Phone performance: more is better (待机时间很长), except heat, drain and crashes.
	f("ecommerce", "待机时间很长", "neutral", "待机时间|很长|positive|pleasure|产品性能")
	f("ecommerce", "电池待机短", "neutral", "待机|短|negative|pain|产品性能")
	f("ecommerce", "手机发热很大", "neutral", "发热|很大|negative|pain|产品性能")
	// Noise: less is better, whatever the sentence says (a computer's or an appliance's).
	f("ecommerce", "基本配置还不错，噪音挺小的", "negative", "配置|还不错|positive|pleasure|产品性能", "噪音|挺小|positive|pleasure|产品性能")
	f("ecommerce", "风扇噪音很大", "positive", "噪音|很大|negative|pain|产品性能")
	// A question asks; its magnitude word is no opinion.
	f("automotive", "油耗高吗", "neutral", "油耗||neutral||油耗")
	f("automotive", "空间大不大", "neutral", "空间||neutral||空间")
	// 快 alone is praise of speed; 快点 / 快要 / 快餐 are not.
	f("ecommerce", "物流快，一直用的***，好评", "positive", "物流|快|positive|pleasure|配送时效")
	f("ecommerce", "物流快要到了", "neutral")
	// A plain question is neutral (QuestionNeutral); a complaint question is not.
	f("ecommerce", "物流很快吗", "positive", "物流|很快|neutral||配送时效")
	f("ecommerce", "为什么物流这么慢", "positive", "物流|慢|negative|pain|配送时效")
	f("ecommerce", "这款酸奶的口感好不好", "neutral", "酸奶||neutral||生鲜新鲜度", "口感||neutral||生鲜新鲜度")
	// A term that carries its own opinion (不新鲜) needs no other; an opinion before the term
	// counts only right before it (OpinionBeforeReach).
	f("ecommerce", "一看就不新鲜了", "neutral", "不新鲜||negative|pain|生鲜新鲜度")
	// A praise word inside a longer term names a feature, no praise (安全气囊, 被动安全); a fault
	// word inside one names the fault (做工粗糙).
	f("automotive", "车上就我一个人，安全气囊全弹出来了", "negative")
	f("automotive", "被动安全和大多基础配置都是全系标配的", "neutral")
	f("ecommerce", "这件衣服做工粗糙", "neutral", "做工粗糙||negative|pain|商品质量")
	f("hotel_travel", "热情周到的服务", "neutral", "服务|热情周到|positive|pleasure|服务态度")
	f("hotel_travel", "热情周到，我们第二天去了前台", "neutral") // 前台: no opinion, no mention (DropBare)
	// The opinion is snapped to words and never holds the term.
	f("ecommerce", "物流太慢了，包装倒是很结实", "negative", "物流|太慢|negative|pain|配送时效", "包装|很结实|positive|pleasure|包装")
	// A term with no opinion in its clause, in a sentence whose opinion lies elsewhere, is
	// no mention (DropBare): nobody evaluates it.
	f("ecommerce", "快递昨天到了，东西质量很好", "positive", "质量|很好|positive|pleasure|商品质量")
	// Graph terms written together are one noun phrase about its head (CompoundHead); a list
	// under 都 is a list.
	f("ecommerce", "同价位蓝牙耳机里音质最好", "positive", "音质|最好|positive|pleasure|产品性能")
	f("banking", "为什么我的借呗利息这么高", "negative", "利息|这么高|negative|pain|利率")
	f("ecommerce", "质量服务都很好", "positive", "质量|很好|positive|pleasure|商品质量", "服务|很好|positive|pleasure|客服态度")
	// 都 joins a list only right after its last term: here it is 我's (我都受不了), and the
	// opinion is the nearer term's alone.
	f("automotive", "机油换了以后发动机哗哗声我都受不了", "negative", "发动机|受不|negative|pain|动力")
	// Words with no opinion on them are no mentions (才来评价, 用了一段时间) …
	f("ecommerce", "用了一段时间才来评价", "positive")
	// … unless their clause asks about them (the contact reason).
	f("banking", "信用卡怎么办理", "neutral", "信用卡||neutral||信用卡申请")
	f("ecommerce", "麻烦给客户退款", "neutral", "退款||neutral||退款")
	// A term needs an opinion of its own: the sentence's polarity is not one
	// (SentenceMaxBare 0).
	f("ecommerce", "快递昨天到了", "positive")
	f("automotive", "我索赔过中控，鲨鱼鳍，刹车开关，提车才几个月", "negative")
	// In ecommerce an evaluation that names nothing is about the product (ProductTerm); a
	// question is not, nor is a sentence whose sentiment disagrees.
	f("ecommerce", "这是一本好书", "positive", "|这是一本好书|positive|pleasure|商品质量")
	f("ecommerce", "这是一本好书吗", "positive")
	f("ecommerce", "这是一本好书", "negative")
	f("food_delivery", "这是一本好书", "positive")
	f("ecommerce", "五星好评", "positive") // rates the purchase, not the product
	f("ecommerce", "好的", "positive")   // a reply
	// An advertisement or notice is no customer's voice (PromoCues).
	f("hotel_travel", "欢迎您入住本酒店，即日起豪华间仅需198元，房间干净舒适", "positive")
	f("hotel_travel", "欢迎您入住本酒店，小编也很喜欢这里的早餐", "positive")                          // a brand's own post
	f("hotel_travel", "谢谢大家的支持，我们的餐厅再次获得最佳餐厅奖项", "positive")                       // a notice of an award
	f("telecom", "小伙伴们快来登记信息免费加入会员，充值卡奖品多多", "positive")                           // a campaign
	f("hotel_travel", "小编觉得这家酒店的早餐很丰富", "positive", "早餐|很丰富|positive|pleasure|早餐") // one cue is no advertisement
	// An emoticon, hashtag or @mention is no opinion on the term beside it.
	f("telecom", "刚充了话费[嘻嘻]", "positive")
	f("banking", "#民生信用卡分享有好礼#好帅气的狗狗", "positive")
	// A cost word in a sentence that says the price was worth it is praise.
	f("ecommerce", "第一次买这么贵的耳机，真的物有所值", "positive", "耳机|物有所值|positive|pleasure|产品性能")
	// Encouragement (希望继续保持) is no wish.
	f("food_delivery", "活动挺好、希望继续保持", "positive", "活动|挺好|positive|pleasure|优惠活动")
	// Itch only in the wish's own clause; a warning or a disappointment is a pain. A wish in
	// a negative sentence carries its complaint (Policy.ItchComplaintSentence): negative.
	f("automotive", "建议增加儿童座椅，油耗太高了", "negative", "儿童座椅||negative|itch|安全性", "油耗|太高|negative|pain|油耗")
	f("ecommerce", "物流太慢了，希望包装好一点", "negative", "物流|太慢|negative|pain|配送时效", "包装|好|negative|itch|包装")
	f("automotive", "期待有主动降噪功能，都说车内噪音大", "negative", "噪音|大|negative|pain|舒适性")
	f("ecommerce", "期待下次物流快点，这次包装很好", "positive", "物流||neutral|itch|配送时效", "包装|很好|positive|pleasure|包装")
	f("ecommerce", "质量太差，不建议购买", "negative", "质量|太差|negative|pain|商品质量")
	// A wish clause naming no aspect is about the clause before it.
	f("food_delivery", "送餐速度有些慢，要是能快些就好了", "negative", "送餐速度|有些慢|negative|itch|配送时效")
	f("food_delivery", "京酱肉丝太咸了，建议下次淡一点", "negative", "京酱肉丝|太咸|negative|itch|餐品口味")
	f("ecommerce", "这次的物流没有达到预期", "neutral", "物流||negative|pain|配送时效")
}

// Each line: industry, sentence, sentiment, the aspect model's triplets (term, opinion,
// polarity), and the expected mentions.
func TestModelTriplets(t *testing.T) {
	type tr struct{ term, opinion, polarity string }
	f := func(industry, text, sentiment string, trs []tr, want ...string) {
		t.Helper()
		var ms []Mention
		for _, x := range trs {
			ms = append(ms, triplet(text, x.term, x.opinion, x.polarity))
		}
		got := show(mentions(industry, sentence(text, sentiment, 0.9, ms...)))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// A model term containing graph terms is mapped through them and kept whole.
	f("food_delivery", "酸汤鱼很好吃", "positive", []tr{{"酸汤鱼", "很好吃", "positive"}}, "酸汤鱼|很好吃|positive|pleasure|餐品口味")
	// An opinion cut mid-word is snapped (很结 → 很结实); one holding its term loses it
	// (物流太慢了 → 太慢了: the model's final particle stays, faithful.go KeepParticles).
	f("ecommerce", "物流太慢了，包装倒是很结实", "negative", []tr{{"物流", "物流太慢了", "negative"}, {"包装", "很结", "positive"}},
		"物流|太慢了|negative|pain|配送时效", "包装|很结实|positive|pleasure|包装")
	f("ecommerce", "快递小哥很辛苦", "positive", []tr{{"快递小哥", "很辛", "positive"}}, "快递小哥|很辛苦|positive|pleasure|快递员服务")
	// The same term twice is one mention.
	f("ecommerce", "物流太慢了", "negative", []tr{{"物流", "太慢", "negative"}, {"物流", "太慢了", "negative"}}, "物流|太慢|negative|pain|配送时效")
	// A model term inside a longer graph term takes the graph term (物流 → 物流速度).
	f("ecommerce", "物流速度太慢了", "negative", []tr{{"物流", "太慢了", "negative"}}, "物流速度|太慢了|negative|pain|配送时效")
	// The pack's direction beats the model's polarity on a magnitude word.
	f("automotive", "油耗有点高", "positive", []tr{{"油耗", "有点高", "positive"}}, "油耗|有点高|negative|pain|油耗")
	// An implicit aspect (no term) only where the pack's implicit phrases place its opinion:
	// a fragment (不, 而且, 本人) is none.
	// (the model's implicit aspect maps through 太贵了's particle-free form; its opinion keeps
	// the model's final particle, faithful.go KeepParticles)
	f("ecommerce", "太贵了", "negative", []tr{{"", "太贵了", "negative"}}, "|太贵了|negative|pain|价格")
	f("ecommerce", "本人不太会用", "negative", []tr{{"", "本人", "negative"}, {"", "不", "negative"}})
	// A model term the pack does not know is placed only by what it holds, never by an
	// implicit phrase elsewhere in the sentence (太小了 is no reason to put 东西 on 尺码版型).
	f("ecommerce", "东西还行，就是果子太小了", "neutral", []tr{{"东西", "还行", "positive"}}, "东西|还行|positive|pleasure|")
	// A model term the graph does not know stays whole (mapped as the graph can).
	f("food_delivery", "老板娘人很好", "positive", []tr{{"老板娘", "很好", "positive"}}, "老板娘|很好|positive|pleasure|门店服务")
	// A bare model term (decoding.bare_aspects: no opinion, no polarity) takes its clause's
	// opinion as a graph term does; with none it is no mention (DropBare). In ecommerce an
	// unknown term with a lexicon opinion names the product (productName, refine.go).
	f("ecommerce", "这款相机镜头很清晰", "positive", []tr{{"镜头", "", ""}}, "镜头|很清晰|positive|pleasure|商品质量")
	// The next clause's orphan opinion; no opinion at all: dropped (DropBare).
	f("ecommerce", "镜头是昨天到的，我很喜欢", "positive", []tr{{"镜头", "", ""}}, "镜头|很喜欢|positive|pleasure|商品质量")
	f("ecommerce", "镜头是昨天到的", "neutral", []tr{{"镜头", "", ""}})
}

// BareMinScore: a bare model term below it is no candidate; a triplet's term always is.
func TestBareMinScore(t *testing.T) {
	f := func(minScore, conf float64, polarity string, want ...string) {
		t.Helper()
		text := "这款相机镜头很清晰"
		m := triplet(text, "镜头", "", polarity)
		if polarity != "" {
			m = triplet(text, "镜头", "很清晰", polarity)
		}
		m.Confidence = conf
		p := DefaultPolicy()
		p.BareMinScore = minScore
		got := show(p.Plan(testGraph, "ecommerce", sentence(text, "positive", 0.9, m)).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("BareMinScore %v, confidence %v, polarity %q: got %q, want %q", minScore, conf, polarity, got, want)
		}
	}
	f(0, 0.3, "", "镜头|很清晰|positive|pleasure|商品质量")
	f(0.5, 0.6, "", "镜头|很清晰|positive|pleasure|商品质量")
	f(0.5, 0.4, "", "|这款相机镜头很清晰|positive|pleasure|商品质量")     // no term: the product itself (ProductTerm)
	f(0.5, 0.4, "positive", "镜头|很清晰|positive|pleasure|商品质量") // a triplet: the product named (productName)
}

// The aspect-polarity model's probabilities decide a span's polarity (when confident); a
// term with no opinion (sent only with VerdictWithoutOpinion) needs NoOpinionMinProb for a
// non-neutral verdict.
func TestPolarityProbs(t *testing.T) {
	p := DefaultPolicy()
	p.VerdictWithoutOpinion = true
	f := func(industry, text string, probs [][3]float32, want ...string) {
		t.Helper()
		d := p.Plan(testGraph, industry, sentence(text, "neutral", 0.9))
		if len(d.Spans()) != len(probs) {
			t.Fatalf("%s: %d spans %v, test gives %d", text, len(d.Spans()), d.Spans(), len(probs))
		}
		got := show(d.Mentions(probs))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	f("ecommerce", "物流太慢了", [][3]float32{{0.9, 0.05, 0.05}}, "物流|太慢|negative|pain|配送时效")
	f("ecommerce", "等了五天快递才送到", [][3]float32{{0.85, 0.1, 0.05}}, "快递||negative|pain|配送时效")
	f("ecommerce", "等了五天快递才送到", [][3]float32{{0.6, 0.3, 0.1}}, "|等了五天快递才|negative|pain|配送时效") // unsure, no opinion: 快递 is no mention; the wait is (cueMentions)
	f("ecommerce", "包装很好", [][3]float32{{0.1, 0.2, 0.7}}, "包装|很好|positive|pleasure|包装")
	f("ecommerce", "包装很好", [][3]float32{{0.4, 0.35, 0.25}}, "包装|很好|positive|pleasure|包装") // unsure model: the lexicon
}

// Spans whose polarity is settled without the aspect-polarity model are not sent to it: the
// pack's direction on a magnitude word, or a lexicon opinion agreeing with the sentence.
func TestClearSpans(t *testing.T) {
	p := DefaultPolicy()
	p.VerdictWithoutOpinion = true
	f := func(industry, text, sentiment string, want int) {
		t.Helper()
		if got := len(p.Plan(testGraph, industry, sentence(text, sentiment, 0.9)).Spans()); got != want {
			t.Errorf("%s (%s): %d spans for the model, want %d", text, sentiment, got, want)
		}
	}
	f("ecommerce", "物流太慢了", "negative", 0)
	f("ecommerce", "物流太慢了", "positive", 1) // the lexicon and the sentence disagree
	f("ecommerce", "物流太慢了", "neutral", 1)
	f("automotive", "油耗有点高", "positive", 0)        // direction
	f("ecommerce", "等了五天快递才送到", "negative", 1)     // no opinion word
	f("ecommerce", "物流太慢了，包装倒是很结实", "negative", 1) // 包装's 很结实 disagrees
}

// Only candidates whose polarity the policy takes from the aspect-polarity model are sent
// to it: graph terms the aspect model gave no polarity (Policy.VerdictForModelTerms off) with
// an opinion in their clause (VerdictWithoutOpinion off), and not those settled by the pack's
// direction or an agreeing lexicon opinion.
func TestVerdictSpans(t *testing.T) {
	type tr struct{ term, opinion, polarity string }
	f := func(modelTerms, noOpinion bool, industry, text, sentiment string, trs []tr, want ...string) {
		t.Helper()
		var ms []Mention
		for _, x := range trs {
			ms = append(ms, triplet(text, x.term, x.opinion, x.polarity))
		}
		p := DefaultPolicy()
		p.VerdictForModelTerms, p.VerdictWithoutOpinion = modelTerms, noOpinion
		d := p.Plan(testGraph, industry, sentence(text, sentiment, 0.9, ms...))
		rs := []rune(text)
		got := []string{}
		for _, sp := range d.Spans() {
			got = append(got, string(rs[sp.Start:sp.End]))
		}
		if want == nil {
			want = []string{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (model terms %v, no opinion %v): spans %q, want %q", text, modelTerms, noOpinion, got, want)
		}
	}
	f(false, false, "ecommerce", "等了五天快递才送到", "negative", nil)                                      // a graph term, no opinion word
	f(false, true, "ecommerce", "等了五天快递才送到", "negative", nil, "快递")                                 // … sent when asked for
	f(true, true, "ecommerce", "等了五天快递才送到", "negative", []tr{{"快递", "", "negative"}}, "快递")         // the aspect model's term too
	f(false, true, "ecommerce", "等了五天快递才送到", "negative", []tr{{"快递", "", "negative"}})              // … else its polarity stands
	f(false, false, "ecommerce", "物流太慢了，包装倒是很结实", "negative", []tr{{"物流", "太慢", "negative"}}, "包装") // 包装: graph term, disagreeing lexicon
	f(false, false, "food_delivery", "老板娘人很好", "negative", []tr{{"老板娘", "很好", "positive"}})         // model term unknown to the graph
	f(false, false, "automotive", "油耗有点高", "positive", nil)                                         // the pack's direction settles it
	f(false, false, "ecommerce", "物流太慢了", "negative", nil)                                          // lexicon and sentence agree
	f(false, false, "ecommerce", "物流太慢了", "positive", nil, "物流")                                    // they disagree
}

func TestClassifyPoint(t *testing.T) {
	f := func(polarity, clause, want string) {
		t.Helper()
		if got := ClassifyPoint(polarity, clause); got != want {
			t.Errorf("ClassifyPoint(%q, %q) = %q, want %q", polarity, clause, got, want)
		}
	}
	f("negative", "物流太慢了，等了一个星期", PointPain)
	f("positive", "包装很严实，快递小哥态度也好", PointPleasure)
	f("neutral", "希望能增加夜间配送", PointItch)
	f("positive", "建议增加几个颜色", PointItch)
	f("neutral", "要是能送货上楼就好了", PointItch)
	f("neutral", "能不能增加一个到货提醒", PointItch)
	f("neutral", "什么时候能支持花呗分期", PointItch)
	f("negative", "如果能快一点就好了", PointItch)
	f("neutral", "期待出个大容量版本", PointItch)
	f("neutral", "最好能提供发票", PointItch)
	f("negative", "质量太差，建议大家别买", PointPain)
	f("negative", "不建议购买，做工粗糙", PointPain)
	f("negative", "太失望了，完全没希望", PointPain)
	f("neutral", "期待落空了", PointPain)
	f("neutral", "续航不满足期待", PointPain)
	f("positive", "效果不如预期", PointPain)
	f("neutral", "已经收到货了", "")
	f("NEG", "屏幕坏了", PointPain)
	f("", "还行吧", "")
	f("negative", "花呗还款日能否改到15号", PointItch)
	f("neutral", "什么时候我们这边能覆盖5G啊", PointItch)
	f("negative", "这张卡到底能不能用", PointPain)
	f("negative", "假如有狗狗图案的就好了", PointItch)
	f("neutral", "倘若再便宜一点就好了", PointItch)
	f("positive", "希望继续保持", PointPleasure)
	f("positive", "要是价格再低一点的话", PointItch)
	f("negative", "如果再快点就更好了", PointItch)
	f("negative", "如果质量不好的话就退货", PointPain)
}

func TestComplaintQuestion(t *testing.T) {
	f := func(text string, want bool) {
		t.Helper()
		if got := complaintQuestion(text); got != want {
			t.Errorf("complaintQuestion(%q) = %v, want %v", text, got, want)
		}
	}
	f("为什么我的花呗额度降低了", true)
	f("我还花呗被扣了两次款怎么办", true)
	f("为什么我的借呗利息这么高", true)
	f("快递怎么还没到", true)
	f("花呗为何安全验证过不了", true) // 为何 is 为什么
	f("为何要实名认证", false)
	f("花呗怎么还款", false)
	f("请问什么时候发货", false)
	f("信用卡怎么办理", false)
	f("怎么开通手机银行", false)
}

func TestClauseOf(t *testing.T) {
	f := func(text, term, want string) {
		t.Helper()
		i := strings.Index(text, term)
		s := len([]rune(text[:i]))
		if got := ClauseOf(text, s, s+len([]rune(term))); got != want {
			t.Errorf("ClauseOf(%q, %q) = %q, want %q", text, term, got, want)
		}
	}
	f("物流太慢了，包装倒是很结实", "包装", "包装倒是很结实")
	f("物流太慢了但是包装很结实", "物流", "物流太慢了")
	f("物流太慢了但是包装很结实", "包装", "但是包装很结实")
	f("建议增加儿童座椅，油耗太高了", "油耗", "油耗太高了")
}
