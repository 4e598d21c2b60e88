package adapt

import "strings"

// The three labels of the sentiment model, in the order of its outputs.
const (
	Negative = "negative"
	Neutral  = "neutral"
	Positive = "positive"
)

// LabelHelp lists the label spellings ParseLabel accepts.
const LabelHelp = "negative/neutral/positive, neg/neu/pos, 0/1 (0 negative, 1 positive), 负面/中性/正面 (also 消极/积极, 差评/中评/好评); case is ignored"

var labelNames = map[string]string{
	"negative": Negative, "neg": Negative, "0": Negative, "负面": Negative, "负": Negative, "消极": Negative, "差评": Negative,
	"neutral": Neutral, "neu": Neutral, "中性": Neutral, "中立": Neutral, "中评": Neutral,
	"positive": Positive, "pos": Positive, "1": Positive, "正面": Positive, "正": Positive, "积极": Positive, "好评": Positive,
}

// ParseLabel maps one label cell to negative, neutral or positive (LabelHelp lists the
// spellings); ok is false for anything else.
func ParseLabel(s string) (label string, ok bool) {
	label, ok = labelNames[strings.ToLower(strings.TrimSpace(s))]
	return label, ok
}
