package feeling

import (
	"strings"
	"unicode/utf8"
)

// maskValues are what the sentiment model saw for these masks in training
// (training/tz/sentiment_data.py PLACEHOLDER_SUB); every other mask is dropped.
var maskValues = map[string]string{"数字": "3", "金额": "99元", "日期": "5月3日", "时间": "10点"}

// maskAt returns the byte length of an anonymisation mask ([数字x], [订单x], [姓名x] …: a
// bracketed name of 1 to 6 characters ending in x) starting at t[i], or 0.
func maskAt(t string, i int) int {
	if t[i] != '[' {
		return 0
	}
	n := 0
	for j := i + 1; j < len(t) && n <= 7; {
		r, w := utf8.DecodeRuneInString(t[j:])
		switch r {
		case '[':
			return 0
		case ']':
			if n >= 2 && t[j-1] == 'x' {
				return j + 1 - i
			}
			return 0
		}
		n++
		j += w
	}
	return 0
}

// ModelText is the text the sentiment model reads for text: machine spans cut out
// (StripMachine; "" when the whole text is machine text) and anonymisation masks rewritten
// to the values the model was trained with ([数字x] → 3, [金额x] → 99元, [日期x] → 5月3日,
// [时间x] → 10点) or dropped. Text with neither comes back as is, without allocating.
func ModelText(text string) string {
	rest, kind := StripMachine(text)
	if kind != "" {
		return ""
	}
	return unmask(rest)
}

// unmask rewrites the masks of t (see ModelText).
func unmask(t string) string {
	if strings.IndexByte(t, '[') < 0 {
		return t
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(t); i++ {
		if t[i] != '[' {
			continue
		}
		m := maskAt(t, i)
		if m == 0 {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(t))
		}
		b.WriteString(t[last:i])
		b.WriteString(maskValues[t[i+1:i+m-2]]) // the name between [ and x]
		last = i + m
		i += m - 1
	}
	if last == 0 {
		return t
	}
	b.WriteString(t[last:])
	return strings.TrimSpace(b.String())
}
