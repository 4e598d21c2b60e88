package feeling

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// closingPhrases make up a polite closing, acknowledgement or greeting: a turn made only of these
// (and particles, punctuation, emoji) is a closing (Closing). thanks marks the ones that
// thank.
var closingPhrases = map[string]bool{
	"没了": false, "没有了": false, "没有": false, "没有啦": false, "没事": false, "没事了": false, "没问题": false,
	"没别的": false, "没别的了": false, "没有别的": false, "没有别的了": false, "没其他": false, "没其他的": false,
	"没有其他": false, "没有其他的": false, "没有其他问题": false, "没其他问题": false, "暂时没有": false, "暂时没有了": false,
	"麻烦你了": false, "麻烦您了": false, "麻烦你": false, "麻烦您": false, "麻烦了": false, "打扰了": false,
	"不好意思": false, "不客气": false, "好的": false, "好": false, "好滴": false, "好嘞": false, "好哒": false, "好吧": false,
	"行": false, "行吧": false, "可以了": false, "嗯": false, "恩": false, "哦": false, "噢": false, "ok": false,
	"okay": false, "知道了": false, "明白了": false, "了解了": false, "清楚了": false, "收到": false, "收到了": false,
	"就这样": false, "先这样": false, "那就这样": false, "再见": false, "拜拜": false, "亲": false, "那": false, "那好": false,
	"谢谢": true, "谢谢你": true, "谢谢您": true, "谢谢你们": true, "谢谢亲": true, "谢了": true, "感谢": true, "多谢": true,
	"辛苦了": true, "辛苦": true, "辛苦你了": true, "辛苦您了": true, "感谢你": true, "感谢您": true, "thanks": true,
	"thank": true, "you": true, "再次谢谢": true, "非常感谢": true, "太感谢了": true,
	"对": false, "对的": false, "是的": false, "知道": false, "明白": false, "了解": false, "我知道了": false, "我明白了": false,
	"再会": false, "不用了": false, "你好": false, "您好": false, "在吗": false, "在么": false, "在不在": false,
	"早上好": false, "上午好": false, "中午好": false, "下午好": false, "晚上好": false, "hi": false, "hello": false, "nihao": false,
	"哈喽": false, "嗨": false, "其他没有了": false, "其它没有了": false, "没有其他的了": false, "妹子": false,
}

// closingMaxRunes bounds a closing: longer turns say more than goodbye.
const closingMaxRunes = 24

// closingParticle are sentence particles a closing may carry (没有啦, 好的呢).
func closingParticle(r rune) bool {
	switch r {
	case '啊', '呀', '哈', '啦', '哦', '呢', '吧', '嘛', '哟', '喔', '呐', '哒', '的', '了', '哇', '噢', '嗯', '恩', '额':
		return true
	}
	return false
}

// Closing says whether text is a polite closing or acknowledgement (没了, 没有啦😊, 没事，麻烦你了，
// 不好意思, 好的谢谢, 嗯嗯 好的): nothing but closing phrases, particles, punctuation, emoji and
// anonymisation masks. thanks says it thanks (谢谢, 感谢, 辛苦了 …).
func Closing(text string) (closing, thanks bool) {
	if len(text) > closingMaxRunes*4 || utf8.RuneCountInString(text) > closingMaxRunes {
		return false, false
	}
	acks, th, ok := closingScan(text)
	return ok && acks+th > 0, ok && th > 0
}

// closingScan covers text with closing phrases (可以 alone and 好好好 are left out: a
// review's praise, measured on the validation part of the long-review set): acks and thanks count the phrases that
// acknowledge and those that thank; ok is false when something else is said.
func closingScan(text string) (acks, thanks int, ok bool) {
	if strings.Contains(text, "好好好") { // emphatic praise (a review's 好好好好), not an acknowledgement
		return 0, 0, false
	}
	for i := 0; i < len(text); {
		if text[i] == '[' {
			if m := maskAt(text, i); m > 0 { // 没有了，[姓名x]
				i += m
				continue
			}
		}
		r, w := utf8.DecodeRuneInString(text[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) { // punctuation, spaces, emoji, kaomoji
			i += w
			continue
		}
		// the longest closing phrase starting here
		best, bestThanks := 0, false
		for j, n := i, 0; j < len(text) && n < 6; n++ {
			_, wj := utf8.DecodeRuneInString(text[j:])
			j += wj
			cand := text[i:j]
			if r < utf8.RuneSelf { // ok, OK, Thanks
				cand = strings.ToLower(cand)
			}
			if th, ok := closingPhrases[cand]; ok {
				best, bestThanks = j-i, th
			}
		}
		switch {
		case best > 0 && bestThanks:
			thanks++
			i += best
		case best > 0:
			acks++
			i += best
		case closingParticle(r):
			i += w
		default:
			return 0, 0, false
		}
	}
	return acks, thanks, true
}

// ThanksPart says whether a turn that says more than a closing also closes with thanks for
// help received: it opens with a closing that thanks (好谢谢 你记得改，是纸质发票吗?), or has a run
// of closing clauses that thanks and acknowledges (……其他没有了，好的，谢谢你。). A thanks
// appended to a request alone (麻烦转告一下。谢谢) is politeness and does not count. (The label
// guide of bench/testdata/chat_turns.md: a merged turn is positive when a part thanks for
// help, unless a part complains.)
func ThanksPart(text string) bool {
	if !thanksWord(text) {
		return false
	}
	first := true
	runAcks, runThanks := 0, 0
	atStart := true // the current run began with the turn's first clause
	for i := 0; i < len(text); {
		j, next := clauseAt(text, i)
		c := text[i:j]
		i = next
		if !hasWord(c) {
			continue
		}
		a, th, ok := closingScan(c)
		if ok && a+th > 0 {
			if runAcks+runThanks == 0 {
				atStart = first
			}
			runAcks += a
			runThanks += th
		} else {
			runAcks, runThanks = 0, 0
		}
		if runThanks > 0 && (atStart || runAcks > 0) {
			return true
		}
		first = false
	}
	return false
}

// thanksWord says t thanks (谢, 感谢, 辛苦).
func thanksWord(t string) bool {
	return strings.Contains(t, "谢") || strings.Contains(t, "辛苦")
}

// clauseAt returns the end of the clause of t that starts at i (the first clause break at
// or after it, or len(t)) and where the next clause starts (after the run of breaks).
func clauseAt(t string, i int) (end, next int) {
	end = i
	for end < len(t) {
		r, w := utf8.DecodeRuneInString(t[end:])
		if clauseBreak(r) {
			break
		}
		end += w
	}
	next = end
	for next < len(t) {
		r, w := utf8.DecodeRuneInString(t[next:])
		if !clauseBreak(r) {
			break
		}
		next += w
	}
	return end, next
}

// clauseBreak: punctuation and spaces end a clause (the emoji stay with it).
func clauseBreak(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r)
}
