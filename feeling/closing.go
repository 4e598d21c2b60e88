package feeling

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// closingPhrases make up a polite closing or acknowledgement: a turn made only of these
// (and particles, punctuation, emoji) is a closing (Closing). thanks marks the ones that
// thank.
var closingPhrases = map[string]bool{
	"没了": false, "没有了": false, "没有": false, "没有啦": false, "没事": false, "没事了": false, "没问题": false,
	"没别的": false, "没别的了": false, "没有别的": false, "没有别的了": false, "没其他": false, "没其他的": false,
	"没有其他": false, "没有其他的": false, "没有其他问题": false, "没其他问题": false, "暂时没有": false, "暂时没有了": false,
	"麻烦你了": false, "麻烦您了": false, "麻烦你": false, "麻烦您": false, "麻烦了": false, "打扰了": false,
	"不好意思": false, "不客气": false, "好的": false, "好": false, "好滴": false, "好嘞": false, "好哒": false, "好吧": false,
	"行": false, "行吧": false, "可以": false, "可以了": false, "嗯": false, "恩": false, "哦": false, "噢": false, "ok": false,
	"okay": false, "知道了": false, "明白了": false, "了解了": false, "清楚了": false, "收到": false, "收到了": false,
	"就这样": false, "先这样": false, "那就这样": false, "再见": false, "拜拜": false, "亲": false, "那": false, "那好": false,
	"谢谢": true, "谢谢你": true, "谢谢您": true, "谢谢你们": true, "谢谢亲": true, "谢了": true, "感谢": true, "多谢": true,
	"辛苦了": true, "辛苦": true, "辛苦你了": true, "辛苦您了": true, "感谢你": true, "感谢您": true, "thanks": true,
	"thank": true, "you": true,
}

// closingMaxRunes bounds a closing: longer turns say more than goodbye.
const closingMaxRunes = 24

// closingParticle are sentence particles a closing may carry (没有啦, 好的呢).
func closingParticle(r rune) bool {
	switch r {
	case '啊', '呀', '哈', '啦', '哦', '呢', '吧', '嘛', '哟', '喔', '呐', '哒', '的', '了', '哇', '噢', '嗯', '恩':
		return true
	}
	return false
}

// Closing says whether text is a polite closing or acknowledgement (没了, 没有啦😊, 没事，麻烦你了，
// 不好意思, 好的谢谢, 嗯嗯 好的): nothing but closing phrases, particles, punctuation and emoji.
// thanks says it thanks (谢谢, 感谢, 辛苦了 …).
func Closing(text string) (closing, thanks bool) {
	if len(text) > closingMaxRunes*4 || utf8.RuneCountInString(text) > closingMaxRunes {
		return false, false
	}
	words := 0
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) { // punctuation, spaces, emoji, kaomoji
			i += w
			continue
		}
		// the longest closing phrase starting here
		best := 0
		for j, n := i, 0; j < len(text) && n < 6; n++ {
			_, wj := utf8.DecodeRuneInString(text[j:])
			j += wj
			cand := text[i:j]
			if r < utf8.RuneSelf { // ok, OK, Thanks
				cand = strings.ToLower(cand)
			}
			if th, ok := closingPhrases[cand]; ok {
				best = j - i
				thanks = thanks || th
			}
		}
		switch {
		case best > 0:
			words++
			i += best
		case closingParticle(r):
			i += w
		default:
			return false, false
		}
	}
	return words > 0, thanks && words > 0
}
