// Package report draws the charts of the bulk-job report as inline SVG, generated in Go:
// no JavaScript, no CDN, so the page opens offline and prints as it looks.
package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// NetColor maps a net sentiment in [-1, 1] to a red–amber–green colour.
func NetColor(net float64) string {
	net = math.Max(-1, math.Min(1, net))
	lerp := func(a, b [3]float64, t float64) string {
		return fmt.Sprintf("#%02x%02x%02x", int(a[0]+(b[0]-a[0])*t), int(a[1]+(b[1]-a[1])*t), int(a[2]+(b[2]-a[2])*t))
	}
	red, amber, green := [3]float64{0xd7, 0x30, 0x27}, [3]float64{0xf4, 0xc4, 0x4e}, [3]float64{0x1a, 0x98, 0x50}
	if net < 0 {
		return lerp(amber, red, -net)
	}
	return lerp(amber, green, net)
}

// NoData is the colour of a node without mentions.
const NoData = "#d9d9d9"

// textWidth estimates the rendered width of s at size px: CJK and full-width characters
// are one em, others about 0.58 em.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 || (r >= 0xFF00 && r <= 0xFFEF) {
			w += 1
		} else {
			w += 0.58
		}
	}
	return w * size
}

// clip shortens s with an ellipsis to fit width px at size px.
func clip(s string, width, size float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && textWidth(string(rs)+"…", size) > width {
		rs = rs[:len(rs)-1]
	}
	return string(rs) + "…"
}

func esc(s string) string { return html.EscapeString(s) }

type svg struct {
	b strings.Builder
}

func newSVG(w, h float64, label string) *svg {
	s := &svg{}
	fmt.Fprintf(&s.b, `<svg class="chart" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s" font-family="inherit">`, w, h, w, h, esc(label))
	return s
}

func (s *svg) f(format string, a ...any) { fmt.Fprintf(&s.b, format, a...) }

func (s *svg) text(x, y, size float64, anchor, fill, weight, t string) {
	s.f(`<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="%s" fill="%s" font-weight="%s">%s</text>`, x, y, size, anchor, fill, weight, esc(t))
}

func (s *svg) done() template.HTML {
	s.b.WriteString(`</svg>`)
	return template.HTML(s.b.String())
}

// Bar is one bar of a bar chart.
type Bar struct {
	Label string  // left of the bar
	Value float64 // length (HBars) or net sentiment in [-1, 1] (Diverging)
	Text  string  // right of the bar
	Color string  // default by chart
	Title string  // tooltip
}

// HBars draws horizontal bars scaled to the largest value.
func HBars(bars []Bar, width float64) template.HTML {
	const row, labelW, textW = 26.0, 220.0, 400.0
	h := row*float64(len(bars)) + 8
	s := newSVG(width, h, "bar chart")
	max := 0.0
	for _, b := range bars {
		max = math.Max(max, b.Value)
	}
	barW := width - labelW - textW
	for i, b := range bars {
		y := 4 + row*float64(i)
		color := b.Color
		if color == "" {
			color = "#d73027"
		}
		w := 0.0
		if max > 0 {
			w = math.Max(2, barW*b.Value/max)
		}
		s.f(`<g><title>%s</title>`, esc(b.Title))
		s.text(labelW-8, y+17, 13, "end", "#333", "normal", clip(b.Label, labelW-12, 13))
		s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" fill="%s"/>`, labelW, y+4, w, row-8, color)
		s.text(labelW+w+6, y+17, 12, "start", "#555", "normal", b.Text)
		s.f(`</g>`)
	}
	return s.done()
}

// Diverging draws net sentiment bars around a zero axis, coloured by value.
func Diverging(bars []Bar, width float64) template.HTML {
	const row, labelW, textW, top = 26.0, 240.0, 150.0, 22.0
	h := top + row*float64(len(bars)) + 6
	s := newSVG(width, h, "net sentiment")
	plotW := width - labelW - textW
	mid := labelW + plotW/2
	for _, v := range []float64{-1, -0.5, 0, 0.5, 1} {
		x := mid + v*plotW/2
		s.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>`, x, top-4, x, h-4, map[bool]string{true: "#888", false: "#eee"}[v == 0])
		s.text(x, top-8, 11, "middle", "#888", "normal", fmt.Sprintf("%+.1f", v))
	}
	for i, b := range bars {
		y := top + row*float64(i)
		v := math.Max(-1, math.Min(1, b.Value))
		x, w := mid, v*plotW/2
		if w < 0 {
			x, w = mid+w, -w
		}
		color := b.Color
		if color == "" {
			color = NetColor(v)
		}
		s.f(`<g><title>%s</title>`, esc(b.Title))
		s.text(labelW-8, y+17, 13, "end", "#333", "normal", clip(b.Label, labelW-12, 13))
		s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2" fill="%s"/>`, x, y+5, math.Max(w, 1.5), row-10, color)
		s.text(labelW+plotW+6, y+17, 12, "start", "#555", "normal", b.Text)
		s.f(`</g>`)
	}
	return s.done()
}

// Part is one segment of a stacked bar.
type Part struct {
	Label string
	Value float64
	Color string
}

// Stack draws one 100 % stacked bar with a legend under it (wrapping to more rows).
func Stack(parts []Part, width float64) template.HTML {
	total := 0.0
	for _, p := range parts {
		total += p.Value
	}
	labels := make([]string, len(parts))
	rows, lx := 1, 0.0
	for i, p := range parts {
		labels[i] = p.Label
		if total > 0 {
			labels[i] = fmt.Sprintf("%s %.0f (%.1f%%)", p.Label, p.Value, 100*p.Value/total)
		}
		w := 26 + textWidth(labels[i], 12)
		if lx > 0 && lx+w-10 > width {
			rows, lx = rows+1, 0
		}
		lx += w
	}
	s := newSVG(width, 40+18*float64(rows), "distribution")
	x, lx, ly := 0.0, 0.0, 36.0
	for i, p := range parts {
		w := 0.0
		if total > 0 {
			w = width * p.Value / total
		}
		s.f(`<rect x="%.1f" y="0" width="%.1f" height="24" fill="%s"><title>%s</title></rect>`, x, w, p.Color, esc(labels[i]))
		if w > 44 && total > 0 {
			s.text(x+w/2, 17, 12, "middle", "#fff", "bold", fmt.Sprintf("%.0f%%", 100*p.Value/total))
		}
		x += w
		lw := 26 + textWidth(labels[i], 12)
		if lx > 0 && lx+lw-10 > width {
			lx, ly = 0, ly+18
		}
		s.f(`<rect x="%.1f" y="%.1f" width="12" height="12" rx="2" fill="%s"/>`, lx, ly, p.Color)
		s.text(lx+16, ly+10, 12, "start", "#444", "normal", labels[i])
		lx += lw
	}
	return s.done()
}

// Stage is one column of the journey emotion map.
type Stage struct {
	Name        string
	Net         float64
	Mentions    int64
	Pain        int64
	Touchpoints []Cell
}

// Cell is a touchpoint under its stage.
type Cell struct {
	Name     string
	Net      float64
	Mentions int64
}

// JourneyMap draws the customer-journey emotion map: stages left to right in journey order,
// an emotion curve of net sentiment per stage (dot size = mentions), and under each stage
// its touchpoints as cells coloured by net sentiment. Grey means no mentions.
func JourneyMap(stages []Stage, width float64) template.HTML {
	if len(stages) == 0 {
		return ""
	}
	const head, curveH, cellH, gap = 44.0, 200.0, 40.0, 4.0
	maxCells := 0
	var maxMentions int64
	for _, st := range stages {
		maxCells = max(maxCells, len(st.Touchpoints))
		maxMentions = max(maxMentions, st.Mentions)
	}
	left := 44.0
	colW := (width - left) / float64(len(stages))
	cellTop := head + curveH + 14
	h := cellTop + float64(maxCells)*(cellH+gap) + 8
	s := newSVG(width, h, "customer journey emotion map")
	mid := head + curveH/2
	amp := curveH/2 - 36
	// Background bands and axis labels.
	s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#f3faf5"/>`, left, head, width-left, curveH/2)
	s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#fdf3f2"/>`, left, mid, width-left, curveH/2)
	s.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999" stroke-dasharray="4 3"/>`, left, mid, width, mid)
	s.text(left-6, mid-amp+4, 11, "end", "#1a9850", "normal", "+1")
	s.text(left-6, mid+4, 11, "end", "#666", "normal", "0")
	s.text(left-6, mid+amp+4, 11, "end", "#d73027", "normal", "−1")
	s.text(6, head+12, 11, "start", "#888", "normal", "净情感")
	var pts []string
	for i, st := range stages {
		cx := left + colW*(float64(i)+0.5)
		x0 := left + colW*float64(i)
		if i > 0 {
			s.f(`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#e4e4e4"/>`, x0, head, x0, h-4)
		}
		// Stage header: number and name.
		s.f(`<rect x="%.1f" y="4" width="%.1f" height="32" rx="4" fill="#2f4b7c"/>`, x0+3, colW-6)
		s.text(cx, 25, 13, "middle", "#fff", "bold", clip(fmt.Sprintf("%d %s", i+1, st.Name), colW-12, 13))
		if st.Mentions > 0 {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", cx, mid-st.Net*amp))
		}
		// Touchpoint cells.
		for k, c := range st.Touchpoints {
			y := cellTop + float64(k)*(cellH+gap)
			fill, fg := NoData, "#555"
			if c.Mentions > 0 {
				fill = NetColor(c.Net)
				if math.Abs(c.Net) > 0.45 {
					fg = "#fff"
				} else {
					fg = "#222"
				}
			}
			s.f(`<g><title>%s</title>`, esc(fmt.Sprintf("%s · %s: net %+.2f, %d mentions", st.Name, c.Name, c.Net, c.Mentions)))
			s.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="4" fill="%s"/>`, x0+4, y, colW-8, cellH, fill)
			s.text(cx, y+16, 12, "middle", fg, "bold", clip(c.Name, colW-14, 12))
			sub := "无提及"
			if c.Mentions > 0 {
				sub = fmt.Sprintf("%+.2f · %d", c.Net, c.Mentions)
			}
			s.text(cx, y+32, 11, "middle", fg, "normal", sub)
			s.f(`</g>`)
		}
	}
	if len(pts) > 1 {
		s.f(`<polyline points="%s" fill="none" stroke="#2f4b7c" stroke-width="2.5" stroke-linejoin="round"/>`, strings.Join(pts, " "))
	}
	for i, st := range stages {
		cx := left + colW*(float64(i)+0.5)
		if st.Mentions == 0 {
			s.f(`<circle cx="%.1f" cy="%.1f" r="5" fill="%s"/>`, cx, mid, NoData)
			s.text(cx, mid+20, 11, "middle", "#999", "normal", "无提及")
			continue
		}
		r := 5.0
		if maxMentions > 0 {
			r = 5 + 9*math.Sqrt(float64(st.Mentions)/float64(maxMentions))
		}
		cy := mid - st.Net*amp
		s.f(`<g><title>%s</title>`, esc(fmt.Sprintf("%s: net %+.2f, %d mentions, %d pain points", st.Name, st.Net, st.Mentions, st.Pain)))
		s.f(`<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="#fff" stroke-width="2"/>`, cx, cy, r, NetColor(st.Net))
		ly := cy - r - 6
		if st.Net < 0 {
			ly = cy + r + 14
		}
		s.text(cx, ly, 12, "middle", "#222", "bold", fmt.Sprintf("%+.2f", st.Net))
		s.text(cx, ly+map[bool]float64{true: 13, false: -13}[st.Net < 0], 10, "middle", "#777", "normal", fmt.Sprintf("n=%d", st.Mentions))
		s.f(`</g>`)
	}
	return s.done()
}
