package model

// The card's decoding.opinion_tail (aspect.Decoding.OpinionTail): how a decoded opinion ends.

// tails applies the card's opinion_tail to one text's triplets.
func (m *Model) tails(text string, ts []Triplet) []Triplet {
	if m.card.Decoding.OpinionTail == "clause" {
		return OpinionsToClauseEnd(text, ts)
	}
	return ts
}

// clauseBreak ends a clause for OpinionsToClauseEnd.
func clauseBreak(r rune) bool {
	switch r {
	case '，', '。', '！', '？', '；', '、', '：', ',', '.', '!', '?', ';', ':', '~', '～', '…', '\n', '\r', '\t', ' ', '　',
		'(', '（', '[', '【', '「', '『', '“', ')', '）', ']', '】', '」', '』', '"', '”':
		return true
	}
	return false
}

// OpinionsToClauseEnd extends each opinion of ts (triplets of text, code-point offsets) to the
// end of its clause when the clause goes on past it and nothing else starts there: no
// aspect term and no other opinion of ts starts between the opinion's end and the clause
// break (or the text's end). An opinion before its own aspect term is kept as it is (很好吃的
// 菜). 包装倒是 in 物流太慢了，包装倒是很结实 becomes 倒是很结实; 价格 / 便宜 in 价格便宜质量好
// stays (质量 starts before the break). An implicit triplet's span follows its opinion. ts
// is changed in place and returned.
func OpinionsToClauseEnd(text string, ts []Triplet) []Triplet {
	if len(ts) == 0 {
		return ts
	}
	rs := []rune(text)
	starts := map[int]bool{}
	for _, t := range ts {
		if t.Term != "" {
			starts[t.Start] = true
		}
		if t.Opinion != "" {
			starts[t.OpinionStart] = true
		}
	}
	for i := range ts {
		t := &ts[i]
		if t.Opinion == "" || t.OpinionEnd > len(rs) || t.OpinionStart < 0 || t.Term != "" && t.Start > t.OpinionStart {
			continue
		}
		e := t.OpinionEnd
		for e < len(rs) && !clauseBreak(rs[e]) && !starts[e] {
			e++
		}
		if e == t.OpinionEnd || e < len(rs) && !clauseBreak(rs[e]) {
			continue // at its clause end already, or something starts before the break
		}
		implicit := t.Term == ""
		t.OpinionEnd = e
		t.Opinion = string(rs[t.OpinionStart:e])
		if implicit {
			t.End = e
		}
	}
	return ts
}
