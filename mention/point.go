package mention

import (
	"strings"
)

// ClassifyPoint says whether a mention is a pain (痛点), itch (痒点) or pleasure (悦点)
// point, given its polarity and its own clause (ClauseOf): a wish/suggestion cue (希望, 建议,
// 要是…就好了, 能不能增加, 什么时候能, 如果能, 期待, 最好能 …) makes an itch even when the
// polarity is neutral or positive, unless the cue is negated or a warning (不建议,
// 建议大家别买, 没希望); a 不满足期待-type disappointment (期待落空, 不如预期, 失望) is a pain.
// Otherwise negative → pain, positive → pleasure, anything else → "" (no point).
// polarity accepts negative|neutral|positive (also NEG/POS/NEU, any case).
func ClassifyPoint(polarity, clause string) string {
	if Disappointed(clause) {
		return PointPain
	}
	if HasItchCue(clause) {
		return PointItch
	}
	switch NormPolarity(polarity) {
	case Negative:
		return PointPain
	case Positive:
		return PointPleasure
	}
	return ""
}

// Disappointed reports a 不满足期待-type phrase (期待落空, 不如预期, 失望 …).
func Disappointed(s string) bool {
	for _, d := range disappointed {
		if strings.Contains(s, d) {
			return true
		}
	}
	return false
}

// HasItchCue reports a wish/suggestion cue in s that is not negated or a warning.
func HasItchCue(s string) bool {
	if s == "" {
		return false
	}
	// Remove negated / warning / disappointed uses first so that their cue words do not count.
	s = blankNotWish(blank(blank(s, notItch), disappointed))
	s = blankInfoAsks(s)
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
	return wishComparative.MatchString(s)
}

// complaintQuestion reports a "why/how come" question about something that went wrong
// (为什么额度降低了, 怎么扣了两次款, 借呗利息为什么这么高).
func complaintQuestion(clause string) bool {
	q := false
	for _, w := range complaintAsk {
		if strings.Contains(clause, w) {
			q = true
			break
		}
	}
	if !q {
		return false
	}
	for _, w := range complaintHow {
		if strings.Contains(clause, w) {
			return false
		}
	}
	for _, w := range complaintHint {
		if strings.Contains(clause, w) {
			return true
		}
	}
	return askedNegation(clause) // negators.go
}

// inabilityCues say that something cannot be done or was taken (花呗暂时不能交话费, 因花呗余额
// 不足，不能分期付款, 上MSN已无法登陆, 话费就这样被扣了几十块): a statement of a failure, whose
// subject is a term with no opinion of its own in the clause. Not a failure: notInability
// (A-not-A questions and wishes: 能不能, 可不可以; a double negative: 不能不; necessity or
// advice: 不能少, 总不能, 千万不能, 不能错过), and a cue right before an opinion word of the
// lexicon (不能亏本, 无法挑剔: the lexicon reads that negation).
var (
	inabilityCues = []string{"不能", "不可以", "无法", "没法", "用不了", "登不上", "打不开", "不显示", "被扣"}
	notInability  = []string{"能不能", "可不可以", "不能不", "不可以不", "不能说", "不能再", "不能少", "总不能", "可不能", "千万不能", "绝不能", "不能错过", "没法说", "无法形容"}
)

// inability reports an inabilityCues phrase in a clause, notInability aside.
func inability(clause string) bool {
	clause = blank(clause, notInability)
	lx := loadLexicon()
	for _, c := range inabilityCues {
		for rest := clause; ; {
			k := strings.Index(rest, c)
			if k < 0 {
				break
			}
			rest = rest[k+len(c):]
			if !lx.opinionAt(rest) {
				return true
			}
		}
	}
	return false
}

// NormPolarity maps polarity spellings (negative/neg/负面, positive/pos/正面, neutral/neu/中性,
// any case) to negative | neutral | positive, or "" when unknown.
func NormPolarity(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "negative", "neg", "-1", "负面", "消极":
		return Negative
	case "positive", "pos", "1", "正面", "积极":
		return Positive
	case "neutral", "neu", "0", "中性":
		return Neutral
	}
	return ""
}

// blankInfoAsks blanks the "can" cues (能不能, 能否 …) that follow a request for information
// (不知道, 想知道, 请问 …) in s: 不知道能否退款 asks whether something is so; it wishes for
// nothing, so it makes no itch. A wish for a change (能不能增加 …) with no such asker before it
// still does.
func blankInfoAsks(s string) string {
	for _, a := range infoAskers {
		i := strings.Index(s, a)
		if i < 0 {
			continue
		}
		tail := s[i:]
		for _, c := range canCues {
			tail = strings.ReplaceAll(tail, c, strings.Repeat("　", len([]rune(c))))
		}
		s = s[:i] + tail
	}
	return s
}
