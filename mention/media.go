package mention

import (
	"strings"

	"github.com/tingzhen/tingzhen/kg"
)

// Media reviews: a shop review of a book, a record or a film (NLPCC 2014 SC's population,
// the read-throughs' second source) evaluates the product's content, sound and picture, and
// the hand conventions (bench/testdata/HANDCHECKED.md, hand DEV's dev-uncovered-* items: 卡碟,
// DVD 质量达不到, 不太喜欢这本书, 动画做的好) file all of it under the product's quality
// (商品质量), not its performance (产品性能, a device's functions). The pack knows few of the
// words such a review names (音乐, 电影, 作品, 情节, 配音 …), so its term mentions are left
// unplaced, and the category model and the product topics (refine.go) put its general
// verdicts on 产品性能 (很好的音乐, 效果很不好). Policy.MediaPlace says, per industry, where such a
// record's evaluations go:
//   - an aspect-model term mention with no place (the pack knows no term in it, or the
//     verifier took productName's place off) and a pain or pleasure is placed as
//     MediaPlacement.Term (质量 → 商品质量), unless its term names no aspect (notAspects) or the
//     purchase (notProducts). A pack term the verifier took off stays off (烂了 of a broken
//     box is no 商品质量);
//   - a mention on MediaPlacement.From (产品性能) with no term (a pack phrase, the product
//     topic, a category mention) or a sound / picture word for a term (mediaSenseWords:
//     音质, 画面 …) moves there too, and so does an add-only category verdict on From.
//
// A record is a media review when its text names a media product (mediaWords) and no device
// or other product (notMediaWords: an MP3 player's 音乐, a phone's 电影, a milk advert's 歌 are
// no media review). Conversation turns are left alone (the rule was read off written reviews).
// Issue 13, session 15 (helper "place15"): bench/results/pipeline-accuracy.md, "place15".

// DefaultMediaPlace is the tuned Policy.MediaPlace (on by default since session 15: see
// Policy.MediaPlace).
func DefaultMediaPlace() map[string]MediaPlacement {
	return map[string]MediaPlacement{"ecommerce": {Term: "质量", From: "product_performance"}}
}

// DefaultVerifierKeep is the tuned Policy.VerifierKeep (on by default since session 15).
func DefaultVerifierKeep() []string {
	return []string{"手机", "东西", "东东", "宝贝", "机子", "书", "碟"}
}

// MediaPlacement is where an industry's media reviews are placed (Policy.MediaPlace).
type MediaPlacement struct {
	// Term is the pack term the evaluations are mapped as (质量: 商品质量).
	Term string
	// From is the indicator id whose empty-term and sense-word mentions move to Term's.
	From string
}

// mediaWords name a media product or its content: books, records, films, plays.
var mediaWords = []string{
	"书", "小说", "作者", "故事", "教材", "作品", "名著", "文章", "章节", "印刷", "插图", "封面", "翻译", "图文", "彩图", "菜谱",
	"阅读", "值得一读", "读完", "读起来",
	"音乐", "专辑", "唱片", "歌", "唱", "曲目", "配乐", "录音", "相声",
	"碟", "光盘", "CD", "cd", "DVD", "dvd", "VCD",
	"电影", "影片", "片子", "电视剧", "动画", "纪录片", "字幕", "配音", "解说", "演员", "主演", "导演", "演技", "剧情", "情节",
}

// notMediaWords name a device or another product: a record naming one is about it.
var notMediaWords = []string{
	"手机", "电脑", "笔记本", "本本", "机", "MP3", "mp3", "MP4", "mp4", "播放器", "耳机", "音箱", "喇叭", "收音机", "屏", "电池", "充电",
	"ipod", "iPod", "itouch", "iphone", "iPhone", "ipad", "iPad", "平板", "u盘", "U盘", "硬盘", "主板", "显卡", "光驱",
	"内存", "系统", "驱动", "键盘", "鼠标", "相机", "摄像头", "诺基亚", "华为", "宏基", "acer", "联想", "三星", "蓝魔",
	"蒙牛", "伊利", "牛奶", "水果", "苹果", "衣服", "裤子", "洗发", "头发", "热水器",
}

// mediaSenseWords are what a media product is heard or seen as: on a media review a term
// holding one is its quality, not a device's performance.
var mediaSenseWords = []string{"音质", "音效", "音色", "声音", "效果", "画面", "画质", "清晰度"}

// mediaReview reports whether text is a media review.
func mediaReview(text string) bool {
	return containsAny(text, mediaWords) && !containsAny(text, notMediaWords)
}

// mediaTarget is where a media review's evaluations go (see above); ok is false when the
// record is no media review of an industry Policy.MediaPlace lists.
type mediaTarget struct {
	from string     // MediaPlacement.From
	to   kg.Mapping // MediaPlacement.Term's mapping
	ok   bool
}

// mediaTargetOf is r's media target, read once per record (Indicators).
func (p *Policy) mediaTargetOf(g *kg.Graph, r Record) mediaTarget {
	mp, ok := p.MediaPlace[r.Industry]
	if !ok || mp.Term == "" || r.Conversational || !mediaReview(r.Text) {
		return mediaTarget{}
	}
	to, ok := g.MapAspect(r.Industry, "", mp.Term, "")
	return mediaTarget{from: mp.From, to: to, ok: ok}
}

// mediaMove reports whether a mention on placement.From moves on a media review: no term,
// or a sense word for a term.
func mediaMove(m Mention, from string) bool {
	return m.KG != nil && m.KG.IDs["indicator"] == from && (m.Term == "" || containsAny(m.Term, mediaSenseWords))
}

// place places r's evaluations on a media review (see above). ms is changed in place.
func (t mediaTarget) place(r Record, ms []Mention) []Mention {
	if !t.ok {
		return ms
	}
	for i, m := range ms {
		switch {
		case m.KG == nil:
			term := strings.TrimSpace(m.Term)
			if m.Source != SourceModel || term == "" || (m.Point != PointPain && m.Point != PointPleasure) || notAspect(term) || containsAny(term, notProducts) {
				continue
			}
			ms[i].KG = ref(t.to)
		case m.KG.IDs["industry"] == r.Industry && mediaMove(m, t.from):
			ms[i].KG = ref(t.to)
		}
	}
	return ms
}

// category is the mapping an add-only category verdict on a takes: the media target when
// the record is a media review and a is on its From indicator, else a.
func (t mediaTarget) category(a kg.Mapping) kg.Mapping {
	if !t.ok || a.IndicatorID != t.from {
		return a
	}
	return t.to
}
