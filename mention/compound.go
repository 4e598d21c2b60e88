package mention

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/kg"
)

// Compounds of graph terms (电池时间 = 电池 + 时间). A noun phrase of graph terms written
// together is about its last term, the head (蓝牙耳机 is about 耳机): compoundHeads keeps
// only the head of such a run as a graph mention, and a longer term holding several graph
// terms is placed through the head (the graph's MapAspect). The exception, in one place:
//
//   - When the head is an attribute noun (时间, 速度) of a modifier written right before it,
//     the phrase is about the modifier's thing, not about what the head alone would name.
//     The head is an attribute of the modifier when the modifier belongs to another
//     indicator than the head and one of the modifier's aspects has a longer term ending in
//     the head (手机平板性能 lists 待机时间 and 充电速度: 时间 and 速度 after 电池 are the
//     battery's, not a delivery's). The phrase then takes the modifier's aspect, indicator,
//     department and direction (higher_is: good, 电池时间长 is praise), never the head's
//     (配送时效, where longer is bad: 电池时间长 was a delivery pain).
//   - A modifier that is an action verb (actionVerbs, refine.go: 解绑花呗, although
//     销户体验 lists 关闭花呗) is no owner: what one does to a thing is about the thing.
//   - Otherwise, as before, the head places the phrase, its direction included (快递包装 is
//     about 包装; 手机价格高 is a price pain).
//
// A graph mention of such a run spans the whole phrase (电池时间, not 时间), so that the
// term read is the one placed.

// compoundOwner returns the mapping of the span [s, e) when it ends in a run of graph terms
// whose head is an attribute of a modifier in another indicator (see above); op is the
// candidate's opinion (context for the head's own placement). start is where the owning
// modifier begins.
func (d *Draft) compoundOwner(s, e int, op string) (m kg.Mapping, start int, ok bool) {
	if d.g == nil || e-s < 2 {
		return m, 0, false
	}
	ts := d.g.FindTerms(d.industry, string(d.rs[s:e]))
	if len(ts) < 2 {
		return m, 0, false
	}
	head := ts[len(ts)-1]
	hm, ok := d.g.MapAspect(d.industry, d.s.Text, head.Term, op)
	if !ok {
		return m, 0, false
	}
	headRunes := utf8.RuneCountInString(head.Term)
	for i := len(ts) - 2; i >= 0 && ts[i].End == ts[i+1].Start; i-- {
		if slices.Contains(actionVerbs, ts[i].Term) {
			break // 解绑花呗: what one does to the thing is about the thing (refine.go)
		}
		for _, ref := range ts[i].Refs {
			if ref.Industry != hm.IndustryID {
				continue
			}
			am, ok := d.g.AspectMapping(ref.Industry, ref.AspectID)
			if !ok {
				continue
			}
			if am.IndicatorID == hm.IndicatorID {
				return m, 0, false // the same indicator: the head places the phrase
			}
			for _, t := range d.g.Out(ref.Industry, kg.NodeRef{Type: kg.NodeAspect, ID: ref.AspectID}, kg.EdgeHasTerm) {
				if utf8.RuneCountInString(t.ID) > headRunes && strings.HasSuffix(t.ID, head.Term) {
					am.Confidence = hm.Confidence
					return am, s + ts[i].Start, true
				}
			}
		}
	}
	return m, 0, false
}
