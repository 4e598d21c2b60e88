package mention

import (
	"reflect"
	"testing"
)

// ModelOnlyPolicy (modelonly.go) on real DEV text (readdev, readdev2, readdev3 and the
// customer turns of chat_turns_dev*.jsonl). Each line: drop (the criterion must change the
// result: turned off, the output differs), chat (a conversation turn), industry, sentence,
// its sentiment, the aspect-model triplets as term/opinion/polarity, and the expected
// mentions as term|opinion|polarity|point|indicator.
func TestModelOnly(t *testing.T) {
	f := func(drop, chat bool, industry, text, sentiment string, trips []string, want ...string) {
		t.Helper()
		var ts []Mention
		for i := 0; i+2 < len(trips); i += 3 {
			ts = append(ts, triplet(text, trips[i], trips[i+1], trips[i+2]))
		}
		s := sentence(text, sentiment, 0.9, ts...)
		s.Conversational = chat
		got := show(mentions(industry, s))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
		p := defaultPolicy()
		p.ModelOnly = ModelOnlyPolicy{}
		without := show(p.Plan(testGraph, industry, s).Mentions(nil))
		if drop == reflect.DeepEqual(without, want) {
			t.Errorf("%s: without ModelOnly %q (drop %v)", text, without, drop)
		}
	}
	// ChatEvidence: a chat turn's model-only term stays only with an opinion in its own
	// clause, a polarity that is the sentence's and not neutral, and a noun for its head.
	f(false, true, "ecommerce", "我觉得这个手环挺好的", "positive", []string{"手环", "挺好的", "positive"}, "手环|挺好的|positive|pleasure|商品质量")
	f(false, true, "ecommerce", "卖家这种态度真的差", "negative", []string{"卖家", "真的差", "negative"}, "卖家|真的差|negative|pain|", "态度|差|negative|pain|客服态度")
	f(true, true, "ecommerce", "我觉得这个手环挺好的", "neutral", []string{"手环", "挺好的", "positive"}) // the sentence does not agree
	f(true, true, "ecommerce", "收到了，谢谢", "positive", []string{"收到", "谢谢", "positive"})     // opinion in another clause; 收到 a verb
	f(true, true, "ecommerce", "空调刚刚收到", "neutral", []string{"空调", "刚刚", "neutral"})       // neutral
	f(true, true, "ecommerce", "怕买重复了", "neutral", []string{"怕买", "重复了", "positive"})      // a verb head, the sentence neutral
	f(true, true, "ecommerce", "真是妹子呀，好的", "positive", []string{"妹子", "好的", "positive"})   // opinion in another clause
	// The same sentence outside a conversation keeps its mention.
	f(false, false, "ecommerce", "收到了，谢谢", "positive", []string{"收到", "谢谢", "positive"}, "收到|谢谢|positive|pleasure|商品质量")
	// A term the pack knows is never touched (source model+kg).
	f(false, true, "ecommerce", "物流很快，谢谢", "positive", []string{"物流", "谢谢", "positive"}, "物流|谢谢|positive|pleasure|配送时效")
}

// BareUnplaced (opt-in): a model-only term with no opinion and no place is dropped; a
// placed one stays. Each line: sentence, sentiment, the bare model term, expected mentions
// with the rule on, and whether the default (off) differs.
func TestModelOnlyBareUnplaced(t *testing.T) {
	f := func(industry, text, sentiment, term string, differs bool, want ...string) {
		t.Helper()
		s := sentence(text, sentiment, 0.9, triplet(text, term, "", ""))
		p := defaultPolicy()
		p.ModelOnly.BareUnplaced = true
		got := show(p.Plan(testGraph, industry, s).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
		if def := show(mentions(industry, s)); differs == reflect.DeepEqual(def, want) {
			t.Errorf("%s: by default %q (differs %v)", text, def, differs)
		}
	}
	f("ecommerce", "券用不了", "negative", "券用", true)
	f("telecom", "经常取消订单无法配送", "negative", "无法", true)
	f("ecommerce", "样式小巧", "positive", "小巧", false, "小巧||positive|pleasure|外观设计")
}
