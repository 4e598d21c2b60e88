package kg

import "strings"

// itchCues are wish/suggestion cues: a mention carrying one is an itch (痒点) whatever its
// polarity — customers often phrase wishes politely or neutrally.
var itchCues = []string{
	"希望", "建议", "期待", "期望", "盼望", "最好能", "最好可以", "最好是能",
	"能不能增加", "能不能加", "能不能出", "能不能多", "能不能提供", "能不能支持", "能不能开通",
	"能否增加", "能否提供", "能否支持", "可否增加", "可不可以增加", "可以增加", "可以考虑",
	"什么时候能", "什么时候可以", "何时能", "如果能", "如果可以", "要是能", "要是可以",
	"增加一个", "加一个", "多出一些", "多一些", "应该增加", "应该加", "求加",
	"能加个", "有没有可能", "能不能", "能否", "可不可以", "可否", "更理想", "盼着", "就更好了", "会更好", "就完美了",
}

// itchFrames are two-part cues such as 要是…就好了.
var itchFrames = [][2]string{
	{"要是", "就好了"}, {"如果", "就好了"}, {"要是", "就更好"}, {"如果", "就更好"},
	{"要是", "该多好"}, {"如果", "该多好"}, {"能", "就好了"}, {"什么时候", "能"},
}

// notItch are contexts where a cue word does not express a wish: 建议大家别买 is a warning
// (pain), 没希望 / 不期待 are negative.
var notItch = []string{
	"不建议", "别建议", "建议大家别", "建议大家不要", "建议别买", "建议不要买", "建议不要", "建议别",
	"建议慎重", "建议慎买", "建议绕道", "建议远离", "建议避雷",
	"没希望", "不希望", "毫无希望", "没有希望", "别期待", "不期待", "别抱希望", "不抱希望",
	"知道能不能", "到底能不能", "到底能否", "希望落空", "期待落空", "辜负了期待", "辜负期待", "失望",
}

// ClassifyPoint says whether a mention is a pain (痛点), itch (痒点) or pleasure (悦点)
// point. Wish/suggestion cues (希望, 建议, 要是…就好了, 能不能增加, 什么时候能, 如果能, 期待,
// 最好能 …) make an itch even when the polarity is neutral or positive, unless the cue is
// negated or a warning (不建议, 建议大家别买, 没希望). Otherwise negative → pain,
// positive → pleasure, anything else → "".
// polarity accepts negative|neutral|positive (also NEG/POS/NEU, any case).
func ClassifyPoint(polarity, sentence string) string {
	if hasItchCue(sentence) {
		return PointItch
	}
	switch normPolarity(polarity) {
	case "negative":
		return PointPain
	case "positive":
		return PointPleasure
	}
	return ""
}

func hasItchCue(s string) bool {
	if s == "" {
		return false
	}
	// Remove negated / warning uses first so that their cue words do not count.
	for _, n := range notItch {
		if strings.Contains(s, n) {
			s = strings.ReplaceAll(s, n, "。")
		}
	}
	for _, c := range itchCues {
		if strings.Contains(s, c) {
			return true
		}
	}
	for _, f := range itchFrames {
		if i := strings.Index(s, f[0]); i >= 0 && strings.Contains(s[i+len(f[0]):], f[1]) {
			return true
		}
	}
	return false
}

func normPolarity(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "negative", "neg", "-1", "负面", "消极":
		return "negative"
	case "positive", "pos", "1", "正面", "积极":
		return "positive"
	case "neutral", "neu", "0", "中性":
		return "neutral"
	}
	return ""
}
