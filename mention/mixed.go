package mention

// An indicator praised and blamed in one record (屏幕清晰 … 按键不好用, both 手机平板性能;
// 送餐很快 … 等了一个小时) is a pain and a pleasure of that record: a CEM department counting
// the indicator's pains and its pleasures counts the record in both. The record keeps one
// entry per indicator (Point, Polarity and Score are the vote's winner, record.go);
// Indicator.Also carries the opposite point (Policy.Mixed). Only an entry its mentions voted
// (source mentions) with a point pain or pleasure gets one: a deciding classifier's verdict
// (category-car, a placed term's category verdict) stands alone, an itch has no opposite.

// MixedPolicy decides when a record-level indicator entry also carries the opposite point.
type MixedPolicy struct {
	// Mentions: the entry gets the opposite point when one of its own mentions has it (the
	// vote kept the other; both stay in aspects).
	Mentions bool
	// Presence, Polarity: the entry gets the opposite point when the record's add-only
	// category classifier (categoryadd.go) finds its indicator present with
	// 1 − P(absent) ≥ Presence and the opposite polarity, renormalised over the three, at
	// least Polarity and the largest (dimVerdict). Presence 0: off.
	Presence, Polarity float64
}

// DefaultMixedPolicy is the Policy.Mixed of DefaultPolicy: Mentions on, the classifier at
// presence 0.9 and polarity 0.95. Session 16 (ind16), indicators (indicator, point) F1 on
// tuning sets, base → Mentions → with the classifier too: r10 train part 0.6581 → 0.6718 →
// 0.6721, r9 0.6973 → 0.7011 → 0.7050, food r5 0.7613 → 0.7632 → 0.7672, hand DEV 0.7214 →
// 0.7237 → 0.7237 (the classifier's thresholds chosen among five points on these sets;
// hand DEV and VAL drop texts with an indicator both praised and blamed, the silver sets
// keep both labels). bench/results/notes/ind16-s16-shiprule.md.
func DefaultMixedPolicy() MixedPolicy {
	return MixedPolicy{Mentions: true, Presence: 0.9, Polarity: 0.95}
}

// opposite is the point opposite pain or pleasure; "" for any other.
func opposite(point string) string {
	switch point {
	case PointPain:
		return PointPleasure
	case PointPleasure:
		return PointPain
	}
	return ""
}

// mixedPoints sets Also on the entries of out that the record's mentions (ms, the final
// mentions the entries index) or its add-only classifier's output (added) give the opposite
// point too; see MixedPolicy.
func (mp MixedPolicy) mixedPoints(out []Indicator, ms []Mention, added []CategoryDim) {
	if !mp.Mentions && mp.Presence <= 0 {
		return
	}
	for k := range out {
		x := &out[k]
		opp := opposite(x.Point)
		if x.Source != SourceMentions || opp == "" {
			continue
		}
		if mp.Mentions {
			for _, i := range x.Mentions {
				if i >= 0 && i < len(ms) && ms[i].Point == opp && ms[i].KG != nil && ms[i].KG.IDs["indicator"] == x.ID {
					x.Also = opp
					break
				}
			}
		}
		if x.Also != "" || mp.Presence <= 0 {
			continue
		}
		for _, d := range added {
			if d.Name != x.ID {
				continue
			}
			if pol, _, ok := dimVerdict(d, mp.Presence, mp.Polarity); ok && ClassifyPoint(pol, "") == opp {
				x.Also = opp
			}
			break
		}
	}
}
