package mention

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// Held-out measure of the record industry (Policy.Industry) on real texts whose source fixes
// the industry: the file of training/industry_data.py (TINGZHEN_INDUSTRY_SET), its split
// TINGZHEN_INDUSTRY_SPLIT (dev, the default, to tune on; test, reported once). Prints the
// share right per source and per industry, macro over industries, for the session-start rule
// (keywords with the floor, no model) and the default; on dev also a grid of
// IndustryKeywordWeight × IndustryMargin. Numbers: bench/results/pipeline-accuracy.md.
func TestIndustryHeldOut(t *testing.T) {
	path := os.Getenv("TINGZHEN_INDUSTRY_SET")
	if path == "" {
		t.Skip("set TINGZHEN_INDUSTRY_SET to the file of training/industry_data.py")
	}
	split := os.Getenv("TINGZHEN_INDUSTRY_SPLIT")
	if split == "" {
		split = "dev"
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type row struct{ Text, Industry, Source, Split string }
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Split == split {
			rows = append(rows, r)
		}
	}
	base := *defaultPolicy()
	base.IndustryModel = nil
	def := *defaultPolicy()
	type score struct {
		bySrc, byInd map[string][2]int
		preds        []string
	}
	run := func(p *Policy) score {
		s := score{bySrc: map[string][2]int{}, byInd: map[string][2]int{}, preds: make([]string, len(rows))}
		for i, r := range rows {
			id, _, _ := p.Industry(testGraph, r.Text)
			s.preds[i] = id
			ok := 0
			if id == r.Industry {
				ok = 1
			}
			v := s.bySrc[r.Source]
			s.bySrc[r.Source] = [2]int{v[0] + ok, v[1] + 1}
			v = s.byInd[r.Industry]
			s.byInd[r.Industry] = [2]int{v[0] + ok, v[1] + 1}
		}
		return s
	}
	macro := func(s score) (float64, string) {
		var names []string
		for n := range s.byInd {
			names = append(names, n)
		}
		sort.Strings(names)
		m, parts := 0.0, []string{}
		for _, n := range names {
			v := s.byInd[n]
			r := float64(v[0]) / float64(v[1])
			m += r
			parts = append(parts, fmt.Sprintf("%s %.3f", n, r))
		}
		return m / float64(len(names)), strings.Join(parts, ", ")
	}
	b, d := run(&base), run(&def)
	var srcs []string
	for n := range b.bySrc {
		srcs = append(srcs, n)
	}
	sort.Strings(srcs)
	fmt.Printf("split %s, %d records\n%-30s %6s %8s %8s\n", split, len(rows), "source", "recs", "start", "default")
	for _, n := range srcs {
		x, y := b.bySrc[n], d.bySrc[n]
		fmt.Printf("%-30s %6d %8.3f %8.3f\n", n, x[1], float64(x[0])/float64(x[1]), float64(y[0])/float64(y[1]))
	}
	bm, bp := macro(b)
	dm, dp := macro(d)
	fmt.Printf("session-start rule: macro %.3f | %s\ndefault:            macro %.3f | %s\n", bm, bp, dm, dp)
	// Records whose industry was obvious (the keyword inference right at confidence ≥ 0.5)
	// that the default now gets wrong.
	obvious, lost := 0, 0
	for i, r := range rows {
		if id, conf := testGraph.InferIndustry(r.Text); id == r.Industry && conf >= 0.5 {
			obvious++
			if d.preds[i] != r.Industry {
				lost++
			}
		}
	}
	fmt.Printf("obvious records (keywords right at ≥ 0.5): %d, wrong under the default: %d\n", obvious, lost)
	if pre := os.Getenv("TINGZHEN_INDUSTRY_ERRORS"); pre != "" && split == "dev" { // dev only
		k := 0
		for i, r := range rows {
			if strings.HasPrefix(r.Source, pre) && d.preds[i] != r.Industry && k < 25 {
				k++
				fmt.Printf("error %s: %s (start %s) %.80s\n", r.Source, d.preds[i], b.preds[i], r.Text)
			}
		}
	}
	if split != "dev" || os.Getenv("TINGZHEN_INDUSTRY_GRID") == "" {
		return
	}
	mapN, mapD := 0, 0
	for i, r := range rows {
		if strings.HasPrefix(r.Source, "mapping_") || strings.HasPrefix(r.Source, "handchecked_dev") {
			mapD++
			if b.preds[i] == r.Industry {
				mapN++
			}
		}
	}
	fmt.Printf("session-start mapping+hand DEV %.3f\n", float64(mapN)/float64(mapD))
	for _, kw := range []float64{0.5, 1, 2, 3, 5} {
		for _, mg := range []float64{0, 0.5, 1} {
			p := *defaultPolicy()
			p.IndustryKeywordWeight, p.IndustryMargin = kw, mg
			s := run(&p)
			m, parts := macro(s)
			mapN, mapD, lostG := 0, 0, 0
			for i, r := range rows {
				if strings.HasPrefix(r.Source, "mapping_") || strings.HasPrefix(r.Source, "handchecked_dev") {
					mapD++
					if s.preds[i] == r.Industry {
						mapN++
					}
				}
				if id, conf := testGraph.InferIndustry(r.Text); id == r.Industry && conf >= 0.5 && s.preds[i] != r.Industry {
					lostG++
				}
			}
			fmt.Printf("grid kw %.2f margin %.1f: macro %.3f | %s | mapping+hand DEV %.3f | obvious lost %d\n", kw, mg, m, parts, float64(mapN)/float64(mapD), lostG)
		}
	}
}
