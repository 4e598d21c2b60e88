package report

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestNetColor(t *testing.T) {
	tests := []struct {
		net  float64
		want string
	}{
		{-1, "#d73027"}, {-5, "#d73027"}, {0, "#f4c44e"}, {1, "#1a9850"}, {3, "#1a9850"},
	}
	for _, tt := range tests {
		if got := NetColor(tt.net); got != tt.want {
			t.Errorf("NetColor(%v) = %s, want %s", tt.net, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		s     string
		width float64
		want  string
	}{
		{"骑手配送", 100, "骑手配送"},
		{"骑手配送部门的送餐速度", 50, "骑手配…"},
		{"APP", 30, "APP"},
	}
	for _, tt := range tests {
		if got := clip(tt.s, tt.width, 12); got != tt.want {
			t.Errorf("clip(%q, %v) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

// wellFormed parses an SVG fragment as XML and returns its text content.
func wellFormed(t *testing.T, svg string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed SVG: %v\n%s", err, svg)
		}
		if cd, ok := tok.(xml.CharData); ok {
			text.Write(cd)
		}
	}
	return text.String()
}

func TestCharts(t *testing.T) {
	tests := []struct {
		name  string
		svg   string
		wants []string
	}{
		{"journey", string(JourneyMap([]Stage{
			{Name: "点餐/下单", Net: 0.5, Mentions: 120, Touchpoints: []Cell{{Name: "外卖APP<小程序>", Net: 0.4, Mentions: 80}, {Name: "满减", Mentions: 0}}},
			{Name: "骑手配送", Net: -0.6, Mentions: 300, Pain: 150, Touchpoints: []Cell{{Name: "骑手/送餐员", Net: -0.6, Mentions: 300}}},
			{Name: "售后", Mentions: 0},
		}, 900)), []string{"1 点餐/下单", "+0.50", "-0.60", "外卖APP<小程序>", "无提及", "n=300"}},
		{"hbars", string(HBars([]Bar{{Label: "后厨出品部", Value: 430, Text: "430 痛点"}, {Label: "骑手配送部 & 客服", Value: 143, Text: "143"}}, 800)), []string{"后厨出品部", "骑手配送部 & 客服", "430 痛点"}},
		{"diverging", string(Diverging([]Bar{{Label: "配送时效", Value: -0.3, Text: "得分 35"}, {Label: "口味", Value: 0.8}}, 800)), []string{"配送时效", "得分 35", "+1.0", "-1.0"}},
		{"stack", string(Stack([]Part{{Label: "正面", Value: 80, Color: "#1a9850"}, {Label: "负面", Value: 20, Color: "#d73027"}}, 500)), []string{"80%", "正面 80 (80.0%)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := wellFormed(t, tt.svg)
			for _, w := range tt.wants {
				if !strings.Contains(text, w) {
					t.Errorf("chart text lacks %q: %s", w, text)
				}
			}
		})
	}
	if JourneyMap(nil, 900) != "" {
		t.Error("empty journey map should render nothing")
	}
}
