package mention

import (
	"slices"
	"strings"
	"unicode"
)

// Implicit category mentions. An add-only classifier's verdict on an indicator no term
// mention covers (categoryadd.go) also becomes a mention with no term (source category)
// where Policy.CategoryAddMentions is on, the record's industry is one of
// Policy.CategoryAddMentionIndustries and the dimension passes the emission thresholds
// Policy.CategoryAddMentionPresence / CategoryAddMentionPolarity (0: the indicator's,
// CategoryAddPresence / CategoryAddPolarity). Its polarity, point and score are the
// indicator's; its span is the sentence where the classifier finds the dimension most
// present (Record.SentenceAdded; the record's only sentence when it has one), without
// its surrounding punctuation, and its opinion is that sentence (as the graph's implied
// phrases give their clause). A record whose sentences were not scored one by one gets the
// whole record's span.

// implicitVerdict is the emission verdict on one add-only dimension of a record of
// industry: its polarity and score, ok only when CategoryAddMentions is on, industry is
// listed in CategoryAddMentionIndustries, the record is written text (not a conversation
// turn: a customer's question or request in a chat, 能不能配个贺卡, is a contact reason, not
// an evaluation, and the emission was measured on written reviews only, as the verifier's
// scope) and the dimension passes the emission thresholds.
func (p *Policy) implicitVerdict(industry string, conversational bool, dim CategoryDim) (string, float64, bool) {
	if !p.CategoryAddMentions || conversational || !slices.Contains(p.CategoryAddMentionIndustries, industry) {
		return "", 0, false
	}
	pres, pol := p.CategoryAddMentionPresence, p.CategoryAddMentionPolarity
	if pres <= 0 {
		pres = p.CategoryAddPresence
	}
	if pol <= 0 {
		pol = p.CategoryAddPolarity
	}
	if pres <= 0 || pres > 1 {
		return "", 0, false
	}
	return dimVerdict(dim, pres, pol)
}

// ImplicitCandidate reports whether an add-only classifier's record-level verdict on dim,
// for a record of industry, may become an implicit mention, so that the engine scores the
// record's sentences one by one to place it (Record.SentenceAdded).
func (p *Policy) ImplicitCandidate(industry string, conversational bool, dim CategoryDim) bool {
	_, _, ok := p.implicitVerdict(industry, conversational, dim)
	return ok
}

// implicitSpan is the span of an implicit mention of dimension name: the sentence of r
// where the classifier finds it most present (ties: the first), trimmed of surrounding
// punctuation and space; the whole record when the sentences are unknown or were not scored.
func implicitSpan(r Record, name string) (int, int) {
	n := len(r.SentenceStarts)
	if n == 0 || len(r.SentenceEnds) != n {
		return 0, r.Runes
	}
	best := 0
	if n > 1 {
		if len(r.SentenceAdded) != n {
			return 0, r.Runes
		}
		bestP := float32(2)
		for k, dims := range r.SentenceAdded {
			for _, d := range dims {
				if d.Name == name && d.Probs[0] < bestP {
					best, bestP = k, d.Probs[0]
				}
			}
		}
	}
	return trimSpan([]rune(r.Text), r.SentenceStarts[best], r.SentenceEnds[best])
}

// trimSpan narrows [start, end) of text past leading and trailing punctuation and space;
// the span unchanged when it is out of range or would become empty.
func trimSpan(text []rune, start, end int) (int, int) {
	if start < 0 || end > len(text) || start >= end {
		return start, end
	}
	s, e := start, end
	skip := func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) }
	for s < e && skip(text[s]) {
		s++
	}
	for e > s && skip(text[e-1]) {
		e--
	}
	if s == e {
		return start, end
	}
	return s, e
}

// spanText is text's code points [start, end); "" when out of range.
func spanText(text string, start, end int) string {
	rs := []rune(text)
	if start < 0 || end > len(rs) || start >= end {
		return ""
	}
	return string(rs[start:end])
}

// ImplicitScope says where an industry's implicit mentions may go
// (Policy.CategoryAddMentionScope): everywhere in a record of its classifier's own domain —
// its text holds a word of In and none of Out — and elsewhere only at a sentence that holds
// no term mention (a sentence that names its aspects leaves nothing implicit to add, and the
// classifier's verdict on it is least sure out of its domain).
type ImplicitScope struct {
	In, Out []string
}

// FoodDeliveryScope is food_delivery's scope: category-food_delivery learned delivery reviews
// (waimai), so a delivery order is its domain; dine-in restaurant text (店面, 上菜速度, 排队)
// is not: there it reads 店面小 as a portion pain and 上菜快 as a delivery-time pleasure
// (implicit14, the ASTE carve). In names the delivery, Out the dining room.
func FoodDeliveryScope() ImplicitScope {
	return ImplicitScope{
		In: []string{"送", "外卖", "骑手", "骑士", "小哥", "配送", "快递", "餐盒", "饭盒", "外送", "订餐", "美团", "饿了么", "百度外卖"},
		Out: []string{"服务员", "服务生", "店员", "上菜", "环境", "装修", "店面", "店里", "店内", "停车", "排队", "等位", "位置", "桌",
			"座位", "餐厅", "饭店", "老板", "大堂", "包间", "包厢", "来吃", "去吃", "到店", "门店", "店铺", "氛围"},
	}
}

// inDomain reports whether text holds a word of In and none of Out.
func (s ImplicitScope) inDomain(text string) bool {
	has := func(ws []string) bool {
		return slices.ContainsFunc(ws, func(w string) bool { return w != "" && strings.Contains(text, w) })
	}
	return has(s.In) && !has(s.Out)
}

// implicitScoped reports whether an implicit mention at [start, end) of r may be emitted
// under the scope of r's industry (Policy.CategoryAddMentionScope), ms being the record's
// mentions: always without a scope or in a record of the classifier's domain; else only
// where no term mention of ms touches the span. A record of several sentences whose
// sentences were not scored (the engine's trial run, which only asks whether a mention may
// come) passes when one of its sentences holds no term mention.
func (p *Policy) implicitScoped(r Record, ms []Mention, start, end int) bool {
	s, ok := p.CategoryAddMentionScope[r.Industry]
	if !ok || s.inDomain(r.Text) {
		return true
	}
	if n := len(r.SentenceStarts); n > 1 && len(r.SentenceEnds) == n && len(r.SentenceAdded) != n {
		for k := range n {
			if !termWithin(ms, r.SentenceStarts[k], r.SentenceEnds[k]) {
				return true
			}
		}
		return false
	}
	return !termWithin(ms, start, end)
}

// termWithin reports whether a mention of ms with a term touches [start, end).
func termWithin(ms []Mention, start, end int) bool {
	return slices.ContainsFunc(ms, func(m Mention) bool { return m.Term != "" && m.Start < end && m.End > start })
}
