package calls

import (
	"regexp"
	"testing"
	"unicode/utf8"
)

// TestStripSystem: the system-text rules on real JDDC lines (jddc_chat_0.1per.txt, copied
// verbatim) and on the un-anonymised forms of the same cards.
func TestStripSystem(t *testing.T) {
	f := func(in, wantRest string, wantSystem bool) {
		t.Helper()
		rest, sys := StripSystem(in)
		if sys != wantSystem || (!sys && rest != wantRest) {
			t.Errorf("StripSystem(%q) = %q, %v; want %q, %v", in, rest, sys, wantRest, wantSystem)
		}
	}
	// Whole turns of machine text.
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "", true)
	f("[订单编号:[数字x]，订单金额:，下单时间:]", "", true)
	f("[订单编号:[数字x]，订单金额:[金额x]，下单时间:NaN-NaN-NaN NaN:NaN]", "", true)
	f("[日期x] [时间x] 订单编号:[数字x] 订单金额:￥[金额x]", "", true)
	f("顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "", true)
	f("顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] [订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "", true)
	f("[链接x]", "", true)
	f("[链接x] [链接x]", "", true)
	f("[订单编号:75123456789，订单金额:129.00，下单时间:2018-03-05 12:01:33]", "", true)
	f("2018-03-05 12:01 订单编号:75123456789 订单金额:￥129.00", "", true)
	f("https://item.jd.com/100012043978.html", "", true)
	f("系统消息：客服小妹已接入，请描述您的问题", "", true)
	f("【系统提示】会话已转接至人工客服", "", true)
	// A person wrote around a card: the card goes, the words stay.
	f("[链接x] 你好", "你好", false)
	f("[链接x] 你好 在吗", "你好 在吗", false)
	f("[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 你好", "你好", false)
	f("我都不敢从京东买东西了 是啊 顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]]", "我都不敢从京东买东西了 是啊", false)
	f("顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 这个单有两本书，[姓名x]传没有发给我 ??", "这个单有两本书，[姓名x]传没有发给我 ??", false)
	f("那我现在付款，什么时候有货? [订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 那我现在付款，什么时候有货?", "那我现在付款，什么时候有货? 那我现在付款，什么时候有货?", false)
	f("非质量问题京东上门取件一般是小件[数字x]元，中件[数字x]元，大件[数字x]元，大小件查询链接:[链接x]", "非质量问题京东上门取件一般是小件[数字x]元，中件[数字x]元，大件[数字x]元，大小件查询链接:", false)
	// People's words that only talk about orders, links or the system are not machine text.
	f("地址可以帮我修改下吗", "地址可以帮我修改下吗", false)
	f("订单号:[订单x]，贵公司给我邮寄的发票也是电子发票的打印版，所以我们单位也不认可 是的，购物清单 纸质发票没有这样的问题", "订单号:[订单x]，贵公司给我邮寄的发票也是电子发票的打印版，所以我们单位也不认可 是的，购物清单 纸质发票没有这样的问题", false)
	f("你好我上次买的SE[数字x]代电池还可以，还有比那个电池更耐用的吗?你给我发个链接。谢谢", "你好我上次买的SE[数字x]代电池还可以，还有比那个电池更耐用的吗?你给我发个链接。谢谢", false)
	f("是这样的，订单生成后系统会根据您的地址自动分配物流和库房，为了保障送货速度，确实是无法修改的呢~", "是这样的，订单生成后系统会根据您的地址自动分配物流和库房，为了保障送货速度，确实是无法修改的呢~", false)
	f("麻烦您提供一下订单编号嗯", "麻烦您提供一下订单编号嗯", false)
}

// TestStripSystemJDDCCorpus runs the rules over every line of the JDDC sample: a line with
// none of the markers (order and product cards' field names included) is never touched, and every bare order card is machine text.
func TestStripSystemJDDCCorpus(t *testing.T) {
	calls := jddcCorpusCalls(t)
	marker := regexp.MustCompile(`订单编号|咨询订单号|商品ID|商品编号|商品快照|订单金额|下单时间|链接x|https?://|www\.|咚咚|系统|自动回复|订单|单号|商家ID|店铺ID|#E-s|咨询|转人工|移动端|尊敬的`)
	bareCard := regexp.MustCompile(`^(?:\s*\[订单编号:(?:[^\[\]]|\[[^\[\]]*\])*\]\s*)+$`)
	turns, system, touched := 0, 0, 0
	for _, c := range calls {
		for _, tr := range c.Turns {
			turns++
			rest, sys := StripSystem(tr.Text)
			if sys {
				system++
			}
			if sys || rest != tr.Text {
				touched++
				if !marker.MatchString(tr.Text) {
					t.Errorf("%s: changed a line without any system marker: %q → %q", c.ID, tr.Text, rest)
				}
			}
			if bareCard.MatchString(tr.Text) && !sys {
				t.Errorf("%s: bare order card not taken for system text: %q", c.ID, tr.Text)
			}
		}
	}
	t.Logf("JDDC sample: %d turns, %d system turns, %d turns with machine text cut out", turns, system, touched)
	if system == 0 {
		t.Error("no system turn found in the JDDC sample")
	}
}

// FuzzStripSystem: never panics; what is left holds no machine text any more (stripping
// again changes nothing) and is valid UTF-8 when the input is.
func FuzzStripSystem(f *testing.F) {
	for _, s := range []string{"[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 你好", "[链接x]", "系统消息：转人工", "顾客通过点击web咚咚[站点x]信息发送:[订单编号:1，订单金额:2，下单时间:3]", "订单编号:123 订单金额:￥9.9", "地址可以帮我修改下吗", "[[[订单编号:]]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rest, sys := StripSystem(s)
		if sys {
			if rest != "" {
				t.Fatalf("system turn with rest %q", rest)
			}
			return
		}
		if rest == s {
			return
		}
		again, sys2 := StripSystem(rest)
		if sys2 || again != rest {
			t.Fatalf("StripSystem(%q) = %q, again %q %v", s, rest, again, sys2)
		}
		if utf8.ValidString(s) && !utf8.ValidString(rest) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
	})
}
