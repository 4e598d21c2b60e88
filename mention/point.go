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
	for _, lists := range [][]string{notItch, disappointed} {
		for _, n := range lists {
			if strings.Contains(s, n) {
				s = strings.ReplaceAll(s, n, "。")
			}
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
