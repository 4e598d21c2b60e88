package mention

import (
	"reflect"
	"testing"
)

// The automotive rules of session 15 (auto15), on real text of the tuning sets (hand DEV's
// automotive part, car val, the APC DEV buckets). Each line: the rule the case tests (turned
// off, the result must differ; "" checks the result only), industry, sentence, the
// aspect-model triplets as term/opinion/polarity, and the expected mentions as
// term|opinion|polarity|point|indicator. No aspect-polarity model.
func TestCarForum(t *testing.T) {
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
		case "NoOpinionNeutral":
			p.NoOpinionNeutralIndustries = nil
		case "TermOpinion":
			p.Spurious.TermOpinionIndustries = nil
		case "ConjunctionEdge":
			p.Spurious.ConjunctionEdgeIndustries = nil
		default:
			return
		}
		if without := show(p.Plan(testGraph, industry, sentence(text, "positive", 0.9, ts...)).Mentions(nil)); reflect.DeepEqual(without, want) {
			t.Errorf("%s: the same without %s: the case does not test it", text, off)
		}
	}
	// NoOpinionNeutral: a part named without an opinion is no pleasure, whatever the
	// triplet or the post's tone says.
	f("NoOpinionNeutral", "automotive", "需要做刹车保养", []string{"需要做刹车保养", "", "positive"})
	f("NoOpinionNeutral", "automotive", "后备箱备点机油", []string{"后备箱备点机油", "", "positive"})
	f("", "ecommerce", "后备箱备点机油", []string{"后备箱备点机油", "", "positive"}, "后备箱备点机油||positive|pleasure|")
	// … a term that swallowed its adjective keeps the triplet's polarity (APC DEV).
	f("", "automotive", "发动机成熟", []string{"发动机成熟", "", "positive"}, "发动机成熟||positive|pleasure|动力")
	// … and so does a term whose own words judge it.
	f("", "automotive", "优点：内部空间大，驾驶和乘坐均比轿车舒适；", []string{"内部空间", "大", "positive"}, "内部空间|大|positive|pleasure|空间", "舒适||positive|pleasure|舒适性")
	// TermOpinion: an opinion that names another part (胎压) or a thing (资料) is none.
	f("TermOpinion", "automotive", "不用另装 咱们的轮胎里有胎压传感器", []string{"轮胎", "有胎压", "positive"})
	f("TermOpinion", "automotive", "目前为止还没有19款的任何配置资料", []string{"配置", "资料", "positive"})
	f("", "automotive", "中控无异响", []string{"中控", "无异响", "positive"}, "中控|无异响|positive|pleasure|配置")
	// ConjunctionEdge: 安全性及 is 安全性, one mention.
	f("ConjunctionEdge", "automotive", "优越的安全性及便利性配置", []string{"安", "", "", "性及", "", ""}, "安全性|便利性|positive|pleasure|安全性", "配置|便利性|positive|pleasure|配置")
	// Better-than words (lexicon) and the pack's 车身的反应 (操控).
	f("", "automotive", "CX5发动机和变速箱优于森", []string{"发动", "", ""}, "发动机|优于|positive|pleasure|动力", "变速箱|优于|positive|pleasure|动力")
	f("", "automotive", "我意思是转动方向盘的时候，车身的反应较迟钝。", []string{"车身", "较迟钝", "negative"}, "车身的反应|较迟钝|negative|pain|操控")
}
