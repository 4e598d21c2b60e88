package feeling

import (
	"os"
	"strings"
	"testing"
)

// TestMachine: machine text on real JDDC lines (dialog/jddc_chat_0.1per.txt and the dev
// question/answer files, copied verbatim), and people's words that only talk about orders.
func TestMachine(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := Machine(in); got != want {
			t.Errorf("Machine(%q) = %q, want %q", in, got, want)
		}
	}
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", OrderCard)
	f("[订单编号:[数字x]，订单金额:，下单时间:]", OrderCard)
	f("[订单编号:75123456789，订单金额:129.00，下单时间:2018-03-05 12:01:33]", OrderCard)
	f("[日期x] [时间x] 订单编号:[数字x] 订单金额:￥[金额x]", OrderCard)
	f("咨询订单号:[订单x] 订单金额:[金额x] 下单时间:[日期x]", OrderCard)
	f("咨询订单号:[订单x]    商品ID:[数字x] 订单业务咨询", OrderCard)
	f("您选择了一个订单进行咨询(订单号:[订单x];商品编号:[数字x])", OrderCard)
	f("顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", SystemNote)
	f("2297112 品胜（PISEN）苹果数据线 Xs Max/XR/X/8手机充电线 1.2米白色 适用于苹果5/6S/7/8Plus iPad Air/Pro ", ProductCard)
	f("8204432 奥克斯 (AUX) 3匹 二级能效 定速冷暖 静音节能 淑女客厅智能立柜式空调柜机(KFR-72LW/R1PYA1+2) [商品快照]", ProductCard)
	f("座面摆件 钢琴造型音乐盒 旋转女孩八音盒 家居摆件 办公室装饰 摄影装饰件 送女友送小孩 白色钢琴 [商品快照]", ProductCard)
	f("系统提示：尊敬的客户，客服MM还没有等到您的回复，本次会话将在两分钟后自动切断哦", SystemNote)
	f("用户发起转人工", SystemNote)
	f("【系统提示】会话已转接至人工客服", SystemNote)
	f("https://item.jd.com/100012043978.html", Link)
	f("[链接x] [链接x]", Link)
	f("[数字x]", Masks)
	f("[订单x] [订单x]", Masks)
	f("[姓名x][数字x]", Masks)
	f("75123456789", Number)
	f("JDVA01234567890", Number)
	// Patterns mined from the JDDC sessions outside the chat test set (session 9), one a line.
	f("查询订单号:[订单x]， 商品号:[数字x]", OrderCard)                                                                  // the app's order card
	f("订单号:[订单x]", OrderCard)                                                                               // a pasted order number
	f("订单号: [订单x]", OrderCard)                                                                              //   with a space
	f("订单号 [订单x] 是的", OrderCard)                                                                            //   confirmed
	f("订单:[订单x]", OrderCard)                                                                                //   short field name
	f("订单号:[订单x] [日期x] [时间x]", OrderCard)                                                                   //   with its time
	f("订单号:[订单x] 订单号:[数字x] 订单号:[数字x]", OrderCard)                                                           //   several in a row
	f("单号:[数字x] 单号:[数字x]", OrderCard)                                                                       // a tracking number
	f("售后服务单号:[数字x] ; ; ;", OrderCard)                                                                      // an after-sales ticket
	f("商家ID: ;[数字x]店铺ID: ;[数字x]", OrderCard)                                                                // a merchant's ids
	f("咨询订单号:[订单x] 商品ID:[数字x] 是这个", OrderCard)                                                              // a card the customer confirms
	f("#E-s21", Masks)                                                                                      // the widget's emoji code
	f("#E-s64#E-s64#E-s64", Masks)                                                                          //   repeated
	f("我要转人工", SystemNote)                                                                                  // a menu button
	f("我要转人工 我要转人工 你好", SystemNote)                                                                         //   twice, and a greeting
	f("配送咨询", SystemNote)                                                                                   // a menu label alone
	f("你好 商品信息咨询 你好", SystemNote)                                                                           //   between greetings
	f("订单修改及信息咨询", SystemNote)                                                                              //   a longer one
	f("请选择咨询订单", SystemNote)                                                                                // the widget's prompt alone
	f("请选择咨询订单 [订单x] 你好", SystemNote)                                                                       //   with the order it picked
	f("人工客服 京东快递(移动端) 你好", SystemNote)                                                                      // the entry the customer came from
	f("欢迎光临华*官方旗舰店#E-s21为提升服务质量，您的咨询可能会被记录#E-s01", SystemNote)                                              // a shop's auto-reply
	f("Apple iPhone X (A[数字x]) [数字x]GB 银色 移动联通电信[数字x]G手机 【条形码:[电话x][数字x][数字x]】 [商品快照] 这个手机吗?", ProductCard) // the agent's prompt after a product card
	f("请您喝杯水稍作休息，我现在看下前面您咨询的问题，稍后为您解答哦 [数字x] 越南进口 TATA 榙榙 休闲零食 综合蔬果干[数字x]g/袋 [商品快照] 这个收到了吗亲爱的", ProductCard)
	f("[数字x] 三枪打底衫男士T恤纯棉短袖[姓名x]罗纹弹力V领短袖男打底衫【[数字x]件装】 V领(白+灰) [数字x]/[数字x]([数字x]XL) [商品快照 请问是这个商品吗 是的", ProductCard) // an unclosed marker
	f("请稍等 [姓名x] 六星级酒店浴巾 全棉吸水 柔软亲肤大浴巾 海洋风 蓝色 [数字x]*[数字x]cm [商品快照] 请问是这个商品吗 您好!这边看到您的个人电子发票还未开具哦", ProductCard)
	// ... and people's words around them
	f("我要转人工 快点派送啊", "")
	f("有效期? 订单业务咨询 商品信息咨询", "")
	f("我这个物流怎么这么慢 京东快递(移动端) 京东现在配送就这速度了么", "")
	f("确定m码合适吗#E-s46", "")
	f("售后服务单号:[数字x] 看看进度 我晕时长这么久", "")
	f("老订单:[数字x]，新订单:[订单x] 这个的哈", "")
	f("这个订单 [订单x] 怎么还没到", "")
	f("https://item.jd.com/4384782.html#crumb-wrap!@@@!这款是支持p20的呢小主", "") // the words after a link
	f("我想咨询一下，我买的东西好久能收到呢", "")
	f("配送咨询一下，能送到楼上吗", "")
	// People's words: not machine text, even around a card or about orders.
	// A card followed only by a greeting, a menu label or the widget's prompt is still a card.
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 你好", OrderCard)
	f("咨询订单号:[订单x]    商品ID:[数字x] 少件咨询", OrderCard)
	f("咨询订单号：9***    商品ID：5097968", OrderCard)
	f("泉林本色 不漂白本色纸大盘商务团购厕卷纸[数字x]克 [商品快照] 请问是这个商品吗", ProductCard)
	f("[链接x] 订单类咨询", Link)
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 你好，东西坏了", "")
	f("[链接x] 这个有货吗", "")
	f("[数字x]我买的东西到现在还没发货", "")
	f("75123456 这个订单什么时候到", "")
	f("订单号:[订单x]，贵公司给我邮寄的发票也是电子发票的打印版，所以我们单位也不认可", "")
	f("麻烦您提供一下订单编号嗯", "")
	f("我要打12315投诉你们", "")
	f("OK", "")
	f("?", "")
	f("系统一直显示配送中，到底什么时候到", "")
	f("屏幕有点小，但是总的来说很满意", "")
}

// TestStripMachine: the person's words left around machine spans.
func TestStripMachine(t *testing.T) {
	f := func(in, wantRest, wantKind string) {
		t.Helper()
		rest, kind := StripMachine(in)
		if kind != wantKind || (kind == "" && rest != wantRest) {
			t.Errorf("StripMachine(%q) = %q, %q; want %q, %q", in, rest, kind, wantRest, wantKind)
		}
	}
	f("[链接x] 你好 在吗", "你好 在吗", "")
	f("顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 这个单有两本书，[姓名x]传没有发给我 ??", "这个单有两本书，[姓名x]传没有发给我 ??", "")
	f("2297112 品胜（PISEN）苹果数据线 Xs Max/XR/X/8手机充电线 1.2米白色 适用于苹果5/6S/7/8Plus iPad Air/Pro !@@@!外观有破损吗", "外观有破损吗", "")
	f("可以改!@@@!提供一下地址", "可以改 提供一下地址", "")
	f("绿驰(Greensky) 衣柜衣服可挂式除湿袋干燥剂防潮剂 [商品快照] 请问是这个商品吗", "", ProductCard) // the agent's prompt goes with the card
	f("质量很好，物流也快", "质量很好，物流也快", "")
	f("我要转人工 快点派送啊", "快点派送啊", "")
	f("有效期? 订单业务咨询 商品信息咨询", "有效期?", "")
	f("确定m码合适吗#E-s46", "确定m码合适吗", "")
	f("https://item.jd.com/4384782.html#crumb-wrap!@@@!这款是支持p20的呢小主", "这款是支持p20的呢小主", "")
	f("订单号:[订单x] 这个还能改发票吗", "订单号:[订单x] 这个还能改发票吗", "") // a pasted number stays with the words
	f("订单号:[订单x]", "", OrderCard)
	f("可以发货了 查询订单号:[订单x]， 商品号:[数字x] 这两个都可以发货了", "可以发货了 这两个都可以发货了", "")
	f("老订单:[数字x]，新订单:[订单x] 这个的哈", "老订单:[数字x]，新订单:[订单x] 这个的哈", "")
	f("这个订单 [订单x] 怎么还没到", "这个订单 [订单x] 怎么还没到", "")
	f("我这个物流怎么这么慢 京东快递(移动端) 京东现在配送就这速度了么", "我这个物流怎么这么慢 京东现在配送就这速度了么", "")
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "", OrderCard)
}

// TestModelText: masks become the values the model was trained with; machine spans go.
func TestModelText(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := ModelText(in); got != want {
			t.Errorf("ModelText(%q) = %q, want %q", in, got, want)
		}
	}
	f("[数字x]我买的东西到现在还没发货", "3我买的东西到现在还没发货")
	f("[金额x]买的，[日期x][时间x]才到", "99元买的，5月3日10点才到")
	f("[订单x]这个订单什么时候到", "这个订单什么时候到")
	f("[姓名x]传没有发给我", "传没有发给我")
	f("[链接x] 这个有货吗", "这个有货吗")
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "")
	f("质量很好[强]", "质量很好[强]") // an emoji code, not a mask
	f("质量很好，物流也快", "质量很好，物流也快")
}

// TestModelTextNoAlloc: ordinary reviews pass through without an allocation.
func TestModelTextNoAlloc(t *testing.T) {
	s := "手机收到了，屏幕很清晰，运行流畅，就是电池不太耐用，总的来说还是满意的。"
	if n := testing.AllocsPerRun(100, func() { _ = ModelText(s); _ = Machine(s); _, _ = Closing(s); _, _ = Overall(s) }); n != 0 {
		t.Errorf("allocations per review: %v, want 0", n)
	}
}

// TestClosing: polite closings and acknowledgements, and turns that say more.
func TestClosing(t *testing.T) {
	f := func(in string, want, wantThanks bool) {
		t.Helper()
		c, th := Closing(in)
		if c != want || th != wantThanks {
			t.Errorf("Closing(%q) = %v, %v; want %v, %v", in, c, th, want, wantThanks)
		}
	}
	f("没了", true, false)
	f("没有啦😊", true, false)
	f("没事，麻烦你了，不好意思", true, false)
	f("好的谢谢", true, true)
	f("嗯嗯 好的", true, false)
	f("好的，辛苦了～", true, true)
	f("OK谢谢", true, true)
	f("没有了 谢谢亲", true, true)
	f("好吧", true, false)
	f("不好意思，东西还没到", false, false)
	f("没有收到货", false, false)
	f("谢谢你们的垃圾服务", false, false)
	f("好的，那我等等看吧，要是明天还不到我就退货了", false, false)
	f("的", false, false)
	f("", false, false)
	f("没有了，[姓名x]", true, false)
	f("你好 你好", true, false)
	f("好好好好好好", false, false) // a review's praise
	f("可以。。。。。。", false, false)
	f("你好，在吗？", true, false)
	f("你好，我的快递到哪了", false, false)
	f("知道了，谢谢", true, true)
	f("谢谢  好妹子", true, true)
}

// TestThanksPart: turns that say more than a closing but also close with thanks, and
// thanks that are only politeness after a request.
func TestThanksPart(t *testing.T) {
	f := func(in string, want bool) {
		t.Helper()
		if got := ThanksPart(in); got != want {
			t.Errorf("ThanksPart(%q) = %v, want %v", in, got, want)
		}
	}
	f("好谢谢 你记得改，是纸质发票吗?", true)
	f("可以了 谢谢 这个是你们上门收件吗?", true)
	f("我这边信号不太好。先这样先哦。 好的收到。 谢谢", true)
	f("没事，我觉得这个手环挺好的，想买，但是我是苹果手机 没问题啦，谢谢", true)
	f("麻烦转告一下。谢谢", false)
	f("为什么现在显示超过价保时间 不是一个月内 都可以申请嘛 请回复，谢谢", false)
	f("此单[数字x]元钱已付，麻烦对账，谢谢", false)
	f("好的，那我明天再联系", false)
	f("质量很好，物流也快", false)
}

// TestOverall: where the overall judgement starts.
func TestOverall(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		at, ok := Overall(in)
		got := ""
		if ok {
			got = in[at:]
		}
		if got != want {
			t.Errorf("Overall(%q) = %q, want %q", in, got, want)
		}
	}
	f("屏幕有点小，电池一般，但是总的来说很满意，性价比高", "总的来说很满意，性价比高")
	f("外观漂亮，运行速度快，但是用了两天就死机", "但是用了两天就死机")
	f("送货有点慢，不过东西还不错", "不过东西还不错")
	f("味道还行，但分量太少了", "但分量太少了")
	f("酒店位置好，可是房间太小", "可是房间太小")
	f("整体感觉不错", "")    // nothing before it: the whole text is the judgement
	f("这个价位再好不过了", "") // 不过 inside a word
	f("东西不错，但是。", "")  // nothing after the marker
	f("很好很好，推荐购买", "")
	f("第一次买，整体还可以，下次再来", "整体还可以，下次再来")
}

// TestJudge: the verdicts the engine applies.
func TestJudge(t *testing.T) {
	p := DefaultPolicy()
	f := func(in string, want Verdict) {
		t.Helper()
		if got := p.Judge(in, ""); got != want {
			t.Errorf("Judge(%q) = %+v, want %+v", in, got, want)
		}
	}
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", Verdict{NotScored: OrderCard, Label: Neutral})
	f("[数字x]", Verdict{NotScored: Masks, Label: Neutral})
	f("没事，麻烦你了，不好意思", Verdict{Rule: RuleClosing, Label: p.ClosingLabel})
	f("好的谢谢", Verdict{Rule: RuleClosing, Label: p.ThanksLabel})
	f("我买的东西到现在还没发货", Verdict{Rule: RuleComplaint, Label: Negative, Over: Neutral})
	f("你好，这个订单发票信息能改吗", Verdict{})
	f("咨询订单号:[订单x] 订单金额:[金额x] 下单时间:[日期x] 没事", Verdict{Rule: RuleClosing, Label: p.ClosingLabel})
	f("好谢谢 你记得改，是纸质发票吗?", Verdict{Rule: RuleThanks, Label: p.ThanksLabel, Over: Neutral})
	f("麻烦转告一下。谢谢", Verdict{})
	if v := (Policy{NoCues: true}).WithDefaults().Judge("我买的东西到现在还没发货", Neutral); v != (Verdict{}) {
		t.Errorf("NoCues: %+v, want the model's", v)
	}
	if v := p.Judge("我买的东西到现在还没发货", Positive); v != (Verdict{}) {
		t.Errorf("a complaint cue in a turn the model reads positive: %+v, want the model's", v)
	}
}

// TestComplaint: a customer asserting that something went wrong, and turns that do not.
func TestComplaint(t *testing.T) {
	f := func(in string, want bool) {
		t.Helper()
		if got := Complaint(in) != ""; got != want {
			t.Errorf("Complaint(%q) = %q, want a cue: %v", in, Complaint(in), want)
		}
	}
	f("VC[数字x]麻烦查下此快递单号[数字x]号发出后，一直没有物流更新", true)
	f("你好 录音笔坏了", true)
	f("人呢?", true)
	f("拜托您帮忙催一下，真的很急", true)
	f("我[数字x]号充值话费，今天都[数字x]号了，还没到账?", true)
	f("你好 鞋的尺码与实际不符", true)
	f("我等你回复，否则我就差评了", true)
	f("你好，这个订单发票信息能改吗", false)
	f("明天能到吗", false)
	f("好的没问题，那我等你消息", false)
	f("买错了，能换一个吗", false)
	f("花呗怎么还款", false)
	f("这样填对不对", false)
	f("交电费能不能用花呗", false)
	f("花呗积分都有什么用", false)
	f("我想取消订单 我地址弄错了", false)
	f("为何我的蚂蚁花呗不能用", true)
	f("怎么还没发货", true)
}

// FuzzRules: no rule panics or loses track of the text on any input.
func FuzzRules(f *testing.F) {
	for _, s := range []string{"[订单编号:[订单x]，订单金额:[金额x]]", "[数字x]好", "没有啦😊", "不错，但是贵", "[", "[x]", "!@@@!", "1234567 a(b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rest, kind := StripMachine(s)
		if kind != "" && rest != "" {
			t.Fatalf("StripMachine(%q) = %q with kind %q", s, rest, kind)
		}
		m := ModelText(s)
		if strings.Contains(m, "[数字x]") {
			t.Fatalf("ModelText(%q) = %q keeps a mask", s, m)
		}
		if at, ok := Overall(s); ok && (at <= 0 || at >= len(s)) {
			t.Fatalf("Overall(%q) = %d", s, at)
		}
		Closing(s)
		_ = DefaultPolicy().Judge(s, "")
	})
}

// BenchmarkReviews: the rules the engine runs on the 1,033 bench reviews
// (bench/testdata/reviews.txt), as engine.Analyze calls them: ModelText and Judge on every
// review and on each of its sentences (cut at 。！？ here), with every rule evaluated (as for
// a text the model reads neutral; for a positive or negative reading the cue rules are skipped).
func BenchmarkReviews(b *testing.B) {
	data, err := os.ReadFile("../bench/testdata/reviews.txt")
	if err != nil {
		b.Skip(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var sents [][]string
	for _, l := range lines {
		sents = append(sents, strings.FieldsFunc(l, func(r rune) bool { return r == '。' || r == '！' || r == '？' }))
	}
	p := DefaultPolicy()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, l := range lines {
			_ = ModelText(l)
			_ = p.Judge(l, "")
			for _, s := range sents[k] {
				_ = ModelText(s)
				_ = p.Judge(s, "")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/review")
}
