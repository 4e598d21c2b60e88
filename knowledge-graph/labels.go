package kg

import "strings"

// normPolarity reads a polarity label as stored by callers (negative/neg/负面,
// positive/pos/正面, neutral/neu/中性, any case); "" when unknown. Deciding a polarity is
// the mention package's job; this only validates labels handed to the counters.
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
