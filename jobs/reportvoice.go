package jobs

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// brandTable is the report's brand comparison: one row per indicator (most mentioned
// overall first, at most 12), one column per brand (at most 6) with pain share and n.
type brandTable struct {
	Brands []string
	Rows   []brandTableRow
}

type brandTableRow struct {
	Indicator string
	Cells     []string
}

func makeBrandTable(rows []BrandRow) *brandTable {
	if len(rows) == 0 {
		return nil
	}
	if len(rows) > 6 {
		rows = rows[:6]
	}
	t := &brandTable{}
	total := map[string]int64{}
	for _, r := range rows {
		t.Brands = append(t.Brands, r.Brand)
		for _, in := range r.Indicators {
			total[in.Indicator] += in.Mentions
		}
	}
	inds := make([]string, 0, len(total))
	for k := range total {
		inds = append(inds, k)
	}
	sort.Slice(inds, func(i, j int) bool {
		if total[inds[i]] != total[inds[j]] {
			return total[inds[i]] > total[inds[j]]
		}
		return inds[i] < inds[j]
	})
	if len(inds) > 12 {
		inds = inds[:12]
	}
	cell := func(x BrandIndicator) string {
		return fmt.Sprintf("%.0f%% 痛点 · 净%+.2f · n=%d", 100*x.PainShare, x.Net, x.Mentions)
	}
	all := brandTableRow{Indicator: "全部指标"}
	for _, r := range rows {
		all.Cells = append(all.Cells, cell(BrandIndicator{Mentions: r.Mentions, PainShare: r.PainShare, Net: r.Net}))
	}
	t.Rows = append(t.Rows, all)
	for _, ind := range inds {
		row := brandTableRow{Indicator: ind}
		for _, r := range rows {
			c := "—"
			for _, x := range r.Indicators {
				if x.Indicator == ind {
					c = cell(x)
				}
			}
			row.Cells = append(row.Cells, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// weekLabel renders a week-on-week change for the report.
func weekLabel(w *WeekChange) string {
	if w == nil {
		return ""
	}
	arrow := "持平"
	switch {
	case w.Change > 0:
		arrow = "上升"
	case w.Change < 0:
		arrow = "下降"
	}
	sig := fmt.Sprintf("双比例 z 检验 p = %.3f，", w.P)
	switch {
	case w.Small:
		sig += "样本太小，不作判断"
	case w.Significant:
		sig += "显著（p < 0.05）"
	default:
		sig += "不显著"
	}
	return strings.TrimSpace(fmt.Sprintf("%s 起一周：痛点占比 %.1f%%（%d 次提及），上一周 %.1f%%（%d 次提及），%s %.1f 个百分点（%s）",
		w.Week, 100*w.PainShare, w.Mentions, 100*w.PrevPainShare, w.PrevMentions, arrow, math.Abs(w.Change), sig))
}
