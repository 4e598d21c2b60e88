package kg

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func readShop(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "packs", "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParsePackGood(t *testing.T) {
	p, err := ParsePack("shop.yaml", readShop(t))
	if err != nil {
		t.Fatalf("ParsePack: %v", err)
	}
	if p.ID != "shop" || p.Name != "测试电商" || p.Version != 1 {
		t.Fatalf("header = %q %q %d", p.ID, p.Name, p.Version)
	}
	if got := len(p.Aspects); got != 5 {
		t.Fatalf("aspects = %d, want 5", got)
	}
	// Indicator department defaults to its touchpoint's department.
	for _, in := range p.Indicators {
		if in.ID == "product_quality" && in.Department != "product" {
			t.Errorf("product_quality department = %q, want product", in.Department)
		}
	}
	// Window defaults to 7 days.
	if p.Rules[1].WindowDays != DefaultWindowDays {
		t.Errorf("quality_pain window = %d", p.Rules[1].WindowDays)
	}
	if p.AspectModel != "" {
		t.Errorf("aspect_model = %q, want empty (the default aspect model)", p.AspectModel)
	}
	q, err := ParsePack("shop.yaml", mutate(t, "detect:\n", "aspect_model: aspect-zh-v2.1\ndetect:\n"))
	if err != nil {
		t.Fatalf("aspect_model: %v", err)
	}
	if q.AspectModel != "aspect-zh-v2.1" {
		t.Errorf("aspect_model: %v, %q", err, q.AspectModel)
	}
	if p.Aspects[0].Line == 0 || p.Touchpoints[0].Line == 0 {
		t.Errorf("lines not recorded: %+v", p.Aspects[0])
	}
}

// mutate replaces old with new in the shop pack (once, must exist).
func mutate(t *testing.T, old, new string) []byte {
	t.Helper()
	src := string(readShop(t))
	if !strings.Contains(src, old) {
		t.Fatalf("fixture lacks %q", old)
	}
	return []byte(strings.Replace(src, old, new, 1))
}

func lineOf(t *testing.T, src []byte, needle string) int {
	t.Helper()
	i := bytes.Index(src, []byte(needle))
	if i < 0 {
		t.Fatalf("no %q in source", needle)
	}
	return bytes.Count(src[:i], []byte("\n")) + 1
}

func TestParsePackErrors(t *testing.T) {
	cases := []struct {
		name string
		src  func(t *testing.T) []byte
		want string // substring of the error
		line string // the error must point at the line holding this text ("" = no check)
	}{
		{"bad yaml", func(t *testing.T) []byte { return mutate(t, "    name: 快递员\n", "    name: [快递员\n") }, "bad YAML", ""},
		{"tab indentation", func(t *testing.T) []byte { return mutate(t, "  - id: goods\n", "\t- id: goods\n") }, "bad YAML", ""},
		{"not a mapping", func(t *testing.T) []byte { return []byte("- 物流\n- 快递\n") }, "must be a YAML mapping", ""},
		{"empty", func(t *testing.T) []byte { return nil }, "empty pack", ""},
		{"two documents", func(t *testing.T) []byte { return append(readShop(t), []byte("---\nid: x\n")...) }, "more than one YAML document", ""},
		{"duplicate aspect id", func(t *testing.T) []byte { return mutate(t, "  - id: packaging\n", "  - id: delivery_speed\n") }, `duplicate aspect id "delivery_speed"`, "  - id: delivery_speed\n    name: 包装"},
		{"duplicate department", func(t *testing.T) []byte { return mutate(t, "  - id: product\n", "  - id: logistics\n") }, `duplicate department id "logistics"`, ""},
		{"unknown stage", func(t *testing.T) []byte { return mutate(t, "    stage: delivery\n", "    stage: shipping\n") }, `touchpoint "courier": unknown stage "shipping"`, "  - id: courier"},
		{"unknown department", func(t *testing.T) []byte { return mutate(t, "    route_to: logistics\n", "    route_to: warehouse\n") }, `unknown route_to department "warehouse"`, "  - id: delivery_time_pain"},
		{"unknown indicator", func(t *testing.T) []byte {
			return mutate(t, "    indicator: product_quality\n    terms", "    indicator: productquality\n    terms")
		}, `aspect "quality": unknown indicator "productquality"`, "  - id: quality\n"},
		{"unknown parent", func(t *testing.T) []byte { return mutate(t, "    parent: delivery_quality\n", "    parent: nope\n") }, `unknown parent "nope"`, ""},
		{"parent cycle", func(t *testing.T) []byte {
			return mutate(t, "    department: logistics\n  - id: delivery_time", "    department: logistics\n    parent: package_intact\n  - id: delivery_time")
		}, "cycle in parents", ""},
		{"self parent", func(t *testing.T) []byte {
			return mutate(t, "    parent: delivery_quality\n", "    parent: delivery_time\n")
		}, "cycle in parents: delivery_time → delivery_time", ""},
		{"empty name", func(t *testing.T) []byte { return mutate(t, "    name: 快递员态度\n", "    name: \"\"\n") }, `aspect "courier_attitude": empty name`, "  - id: courier_attitude"},
		{"empty industry name", func(t *testing.T) []byte { return mutate(t, "name: 测试电商\n", "name: \n") }, `industry "shop": empty name`, ""},
		{"bad id", func(t *testing.T) []byte { return mutate(t, "  - id: goods\n", "  - id: Goods-1\n") }, "lower_snake_case", ""},
		{"unknown point", func(t *testing.T) []byte { return mutate(t, "    point: pain\n", "    point: ache\n") }, `unknown point "ache"`, "  - id: delivery_time_pain"},
		{"unknown severity", func(t *testing.T) []byte { return mutate(t, "    severity: high\n", "    severity: urgent\n") }, `unknown severity "urgent"`, ""},
		{"unknown compliance kind", func(t *testing.T) []byte { return mutate(t, "kind: required_start", "kind: start") }, `unknown kind "start"`, ""},
		{"unknown field", func(t *testing.T) []byte { return mutate(t, "    stage: delivery\n", "    stag: delivery\n") }, `unknown field "stag"`, "    stag: delivery"},
		{"bad direction", func(t *testing.T) []byte {
			return mutate(t, "    parent: delivery_quality\n", "    parent: delivery_quality\n    direction: {higher_is: worse}\n")
		}, `indicator "delivery_time": direction.higher_is "worse" (want bad | good)`, ""},
		{"single_char_ok not one character", func(t *testing.T) []byte { return mutate(t, "detect:\n", "single_char_ok: [汤, 鱼汤]\ndetect:\n") }, `single_char_ok entry "鱼汤" is not one character`, ""},
		{"aspect_model with a path", func(t *testing.T) []byte { return mutate(t, "detect:\n", "aspect_model: ../aspect-zh\ndetect:\n") }, `aspect_model "../aspect-zh" must be a model folder name`, ""},
		{"aspect_model dot-dot", func(t *testing.T) []byte { return mutate(t, "detect:\n", "aspect_model: ..\ndetect:\n") }, `aspect_model ".." must be a model folder name`, ""},
		{"bad version type", func(t *testing.T) []byte { return mutate(t, "version: 1\n", "version: one\n") }, "version:", "version: one"},
		{"zero version", func(t *testing.T) []byte { return mutate(t, "version: 1\n", "version: 0\n") }, "version must be ≥ 1", ""},
		{"bad order type", func(t *testing.T) []byte { return mutate(t, "    order: 3\n", "    order: 三\n") }, "stages:", "    order: 三"},
		{"empty term", func(t *testing.T) []byte { return mutate(t, "terms: [质量, 做工", "terms: [\"\", 做工") }, "empty entry in terms", ""},
		{"control character in term", func(t *testing.T) []byte { return mutate(t, "terms: [质量, 做工", "terms: [\"质\\t量\", 做工") }, "contains a control character", ""},
		{"term too long", func(t *testing.T) []byte {
			return mutate(t, "terms: [质量, 做工", "terms: ["+strings.Repeat("质", 40)+", 做工")
		}, "longer than 32 characters", ""},
		{"aspect without words", func(t *testing.T) []byte {
			return mutate(t, "    terms: [快递员, 快递小哥, 快递]\n", "")
		}, "needs at least one term or implicit phrase", ""},
		{"share out of range", func(t *testing.T) []byte { return mutate(t, "share_above: 0.5\n", "share_above: 5\n") }, "share_above must be within [0, 1]", ""},
		{"invalid utf8", func(t *testing.T) []byte { return append(readShop(t), 0xff, 0xfe) }, "not valid UTF-8", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src(t)
			_, err := ParsePack("shop.yaml", src)
			if err == nil {
				t.Fatalf("ParsePack accepted a bad pack")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "shop.yaml") {
				t.Errorf("error %q does not start with the file name", err)
			}
			if tc.line != "" {
				want := lineOf(t, src, tc.line)
				prefix := "shop.yaml:" + strconv.Itoa(want) + ":"
				found := false
				for _, l := range strings.Split(err.Error(), "\n") {
					if strings.HasPrefix(l, prefix) && strings.Contains(l, tc.want) {
						found = true
					}
				}
				if !found {
					t.Errorf("error %q: want it at line %d", err, want)
				}
			}
		})
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	p, err := ParsePack("shop.yaml", readShop(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := MarshalPack(p, &buf); err != nil {
		t.Fatal(err)
	}
	q, err := ParsePack("export.yaml", buf.Bytes())
	if err != nil {
		t.Fatalf("exported pack does not parse: %v\n%s", err, buf.String())
	}
	clearLines(p)
	clearLines(q)
	if !reflect.DeepEqual(p, q) {
		t.Fatalf("round trip changed the pack")
	}
}

func clearLines(p *Pack) {
	p.Line = 0
	for i := range p.Departments {
		p.Departments[i].Line = 0
	}
	for i := range p.Stages {
		p.Stages[i].Line = 0
	}
	for i := range p.Touchpoints {
		p.Touchpoints[i].Line = 0
	}
	for i := range p.Indicators {
		p.Indicators[i].Line = 0
	}
	for i := range p.Aspects {
		p.Aspects[i].Line = 0
	}
	for i := range p.Rules {
		p.Rules[i].Line = 0
	}
	for i := range p.Compliance {
		p.Compliance[i].Line = 0
	}
}

// TestRealPacks parses every pack in knowledge-graph/industries/ (written by the pack authors).
func TestRealPacks(t *testing.T) {
	for _, f := range shippedPackFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p := readPackFile(t, f)
			terms := 0
			for _, a := range p.Aspects {
				terms += len(a.Terms)
			}
			t.Logf("%s v%d: %d stages, %d touchpoints, %d indicators, %d aspects, %d terms, %d rules",
				p.ID, p.Version, len(p.Stages), len(p.Touchpoints), len(p.Indicators), len(p.Aspects), terms, len(p.Rules))
		})
	}
}

func FuzzParsePack(f *testing.F) {
	f.Add(readShop(f))
	f.Add([]byte("id: x\nname: 甲\nversion: 1\n"))
	f.Add([]byte("id: [\n"))
	f.Add([]byte("aspects:\n  - id: a\n    terms: {x: 1}\n"))
	f.Add([]byte("indicators:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n"))
	// The real packs are not seeds: at ~30 KB each the fuzzer spends its time minimising
	// them; TestRealPacks covers them.
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePack("fuzz.yaml", data)
		if err != nil {
			if p != nil {
				t.Fatal("pack returned with an error")
			}
			return
		}
		// A valid pack must survive export and reparse, and build a graph.
		var buf bytes.Buffer
		if err := MarshalPack(p, &buf); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if _, err := ParsePack("again.yaml", buf.Bytes()); err != nil {
			t.Fatalf("exported valid pack does not parse: %v\n%s", err, buf.String())
		}
		g := buildGraph([]*Pack{p}, nil)
		g.FindTerms("", string(data))
		g.MapAspect(p.ID, string(data), "物流", "慢")
	})
}
