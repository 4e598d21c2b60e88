package mention

import (
	"slices"
	"strings"

	"github.com/tingzhen/tingzhen/kg"
)

// Complaint phrases: events that are a pain by themselves, with no opinion word (迟到,
// 少送了一份, 流量用完了, 登不上, 被乱扣费). The packs list them per aspect
// (`complaints:`, kg.Graph.FindComplaints); this file decides where one is a complaint.
//
// A phrase counts where it stands on word boundaries (少了 not in 多少了), outside an
// emoticon or hashtag, not right after a negation or a precaution (没迟到, 不会掉线,
// 以免超时), in a clause that is not a plain question (流量用完了吗 asks; 为什么扣我钱 is a
// complaint question and counts) nor a supposition or a worry (complaintIfs: 不发货的话我就
// 取消, 担心流量不够, 我都怕被摔坏了), and not inside a term or the opinion of the term right before it
// (发票没收到: 没收到 is the invoice's), unless that is a neutral mention of its indicator. It makes the sentence's mention
// of its indicator negative: a new implicit mention (the phrase is its opinion) when the
// sentence has none on that indicator, or the neutral mention of that indicator in the
// same clause turned negative (the aspect model's neutral 流量 … 用完 in 流量用完了), or a
// positive one whose opinion holds the phrase (退货 … 竟然要扣运费). Another polar mention
// of the indicator is left as it is. The point follows the
// clause (a wish: itch). Where phrases overlap, the longest counts (不给退款 is the
// refund, not 不给退, the return).
var complaintIfs = []string{"的话", "如果", "要是", "假如", "万一", "是否", "会不会", "担心", "以免", "免得", "怕"}

var complaintBlockers = []string{"没有", "没", "不会", "不要", "不用", "不", "未", "别", "无", "防止", "避免", "以免", "免得", "怕", "担心", "万一", "如果", "假如", "要是"}

// complaintMentions adds or sharpens the mentions of the complaint phrases in the sentence.
func (d *Draft) complaintMentions(ms []Mention) []Mention {
	hits := d.g.FindComplaints(d.industry, d.s.Text)
	if len(hits) == 0 {
		return ms
	}
	// The longest phrase first; an overlapping shorter one counts no more (还没收到回复 is
	// 没收到回复, not 还没收到).
	slices.SortStableFunc(hits, func(a, b kg.ComplaintMatch) int { return (b.End - b.Start) - (a.End - a.Start) })
	used := make([]bool, len(d.rs))
	for _, h := range hits {
		if !d.bound[h.Start] || !d.bound[h.End] || d.tagged(h.Start) || slices.Contains(used[h.Start:h.End], true) {
			continue
		}
		if complaintBlocked(string(d.rs[max(0, h.Start-2):h.Start])) {
			continue
		}
		if insideMention(ms, h.Start, h.End, h.Mapping.IndicatorID) {
			continue // already a mention's opinion (发票没收到: 没收到 is the invoice's)
		}
		cs, ce := clauseAround(d.rs, h.Start, h.End)
		clause := string(d.rs[cs:ce])
		if d.inquiry(cs, ce) && !complaintQuestion(clause) || containsAny(clause, complaintIfs) {
			continue
		}
		f := d.facts(cs, ce, clause)
		ind := h.Mapping.IndicatorID
		done := false
		for i := range ms {
			m := &ms[i]
			if m.KG == nil || m.KG.IDs["indicator"] != ind {
				continue
			}
			done = true
			if m.Polarity == Positive && m.OpinionStart < h.End && h.Start < m.OpinionEnd {
				m.Polarity, m.Point = Negative, f.point(Negative) // its opinion is the event (退货竟然要扣运费)
			}
			if m.Polarity == Neutral && m.Start >= cs && m.End <= ce {
				m.Polarity, m.Point = Negative, f.point(Negative)
				if os, oe := opinionBeside(h.Start, h.End, m.Start, m.End); m.Opinion == "" && oe > os {
					m.Opinion, m.OpinionStart, m.OpinionEnd = string(d.rs[os:oe]), os, oe
				}
			}
			break
		}
		for i := h.Start; i < h.End; i++ {
			used[i] = true
		}
		if done {
			continue
		}
		ms = append(ms, Mention{Opinion: string(d.rs[h.Start:h.End]), Polarity: Negative, Start: h.Start, End: h.End,
			OpinionStart: h.Start, OpinionEnd: h.End, Point: f.point(Negative), Confidence: d.p.TermOpinionConfidence,
			Source: SourceKG, KG: ref(h.Mapping)})
	}
	return ms
}

// complaintBlocked reports a negation or precaution word ending right before a phrase.
func complaintBlocked(before string) bool {
	for _, b := range complaintBlockers {
		if strings.HasSuffix(before, b) {
			return true
		}
	}
	return false
}

// opinionBeside is the part of a phrase [s, e) outside a term [ts, te) it overlaps (流量用完 of
// the term 流量: 用完), the phrase when they do not overlap, empty when the term covers it.
func opinionBeside(s, e, ts, te int) (int, int) {
	switch {
	case e <= ts || te <= s:
		return s, e
	case e > te:
		return te, e
	case s < ts:
		return s, ts
	}
	return 0, 0
}

// insideMention reports a span cutting the term of a placed term mention, or the
// opinion of one whose term stands right before it, unless the mention is a neutral one of
// the indicator ind.
func insideMention(ms []Mention, s, e int, ind string) bool {
	for _, m := range ms {
		if m.KG == nil || m.Term == "" || m.Polarity == Neutral && m.KG.IDs["indicator"] == ind {
			continue // unplaced model words and implicit mentions hold no term
		}
		if m.Start < e && s < m.End && !(s <= m.Start && m.End <= e) { // a phrase holding the whole term reads it (网络又坏了)
			return true
		}
		// The phrase is the opinion of the term right before it (发票没收到), not of a term
		// further away (取消订单打了无数次都打不通: the line is unreachable, not the order).
		if m.OpinionEnd > m.OpinionStart && m.OpinionStart < e && s < m.OpinionEnd && m.End <= s && s-m.End <= 1 {
			return true
		}
	}
	return false
}
