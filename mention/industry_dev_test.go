package mention

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// DEV measure of the job industry mode (Policy.IndustryMode, DominantSample, DominantShare):
// real files of one industry each, cut from the DEV parts of the datasets (never
// bench/testdata/handchecked_test.jsonl, whose texts are left out, nor the car test split,
// nor the read80 sets FewCLUE / NLPCC 2014), and the share of their records given the right
// industry in record mode and in dominant mode. Runs when the datasets are there
// (TINGZHEN_DATASETS, default ../../shared/datasets) and TINGZHEN_INDUSTRY_DEV=1; the
// numbers are in bench/results/industry-mode.md.
func TestIndustryModeDEV(t *testing.T) {
	if os.Getenv("TINGZHEN_INDUSTRY_DEV") == "" {
		t.Skip("set TINGZHEN_INDUSTRY_DEV=1 to measure (bench/results/industry-mode.md)")
	}
	root := os.Getenv("TINGZHEN_DATASETS")
	if root == "" {
		root = "../../shared/datasets"
	}
	if _, err := os.Stat(filepath.Join(root, "sentiment", "waimai_train80.csv")); err != nil {
		t.Skipf("datasets absent: %v", err)
	}
	files := devIndustryFiles(t, root, 200, 10)
	type acc struct{ files, recs, recOK, domOK, domChosen, domWrong int }
	total := map[string]*acc{}
	samples := []int{20, 50, 100, 200}
	shares := []float64{0.3, 0.4, 0.5, 0.6, 0.7}
	for _, f := range files {
		a := total[f.name]
		if a == nil {
			a = &acc{}
			total[f.name] = a
		}
		a.files++
		a.recs += len(f.texts)
		for i, tx := range f.texts {
			if id, _, _ := defaultPolicy().Industry(testGraph, tx); id == f.right(i) {
				a.recOK++
			}
		}
	}
	// grid: per (sample, share), micro and macro (over sources) share right.
	fmt.Printf("%-28s %6s %6s %8s\n", "source (industry)", "files", "recs", "record")
	var names []string
	for n := range total {
		names = append(names, n)
	}
	sort.Strings(names)
	recMicroN, recMicroD, recMacro := 0, 0, 0.0
	for _, n := range names {
		a := total[n]
		fmt.Printf("%-28s %6d %6d %8.3f\n", n, a.files, a.recs, float64(a.recOK)/float64(a.recs))
		recMicroN += a.recOK
		recMicroD += a.recs
		recMacro += float64(a.recOK) / float64(a.recs)
	}
	fmt.Printf("record mode: micro %.3f macro %.3f\n", float64(recMicroN)/float64(recMicroD), recMacro/float64(len(names)))
	for _, s := range samples {
		for _, sh := range shares {
			for _, leave := range []float64{defaultPolicy().DominantLeaveMargin, math.Inf(1)} { // FileIndustry: the default margin, and no record leaving
				p := *defaultPolicy()
				p.DominantSample, p.DominantShare, p.DominantLeaveMargin = s, sh, leave
				per := map[string][2]int{}
				chosen, wrong := 0, 0
				for _, f := range files {
					sample := f.texts
					if len(sample) > s {
						sample = sample[:s]
					}
					d := p.Dominant(testGraph, sample)
					ok := 0
					if d.ID != "" {
						chosen++
						if d.ID != f.industry {
							wrong++
						}
						for i, tx := range f.texts {
							id := p.FileIndustry(testGraph, tx, d.ID)
							if id == "" {
								id, _, _ = p.Industry(testGraph, tx)
							}
							if id == f.right(i) {
								ok++
							}
						}
					} else {
						for i, tx := range f.texts {
							if id, _, _ := p.Industry(testGraph, tx); id == f.right(i) {
								ok++
							}
						}
					}
					v := per[f.name]
					per[f.name] = [2]int{v[0] + ok, v[1] + len(f.texts)}
				}
				mn, md, mac := 0, 0, 0.0
				var worst []string
				for _, n := range names {
					v := per[n]
					mn += v[0]
					md += v[1]
					r := float64(v[0]) / float64(v[1])
					mac += r
					worst = append(worst, fmt.Sprintf("%s %.2f", n, r))
				}
				fmt.Printf("dominant sample %3d share %.1f leave %g: micro %.3f macro %.3f; files with a dominant %d/%d, wrong %d | %s\n",
					s, sh, leave, float64(mn)/float64(md), mac/float64(len(names)), chosen, len(files), wrong, strings.Join(worst, ", "))
			}
		}
	}
}

type devFile struct {
	name, industry string
	texts          []string
	labels         []string // per text, in the mixed files (industry is then "mixed")
}

// right is the industry text i of the file should get.
func (f devFile) right(i int) string {
	if f.labels != nil {
		return f.labels[i]
	}
	return f.industry
}

// devIndustryFiles cuts each DEV source into files of size records (at most max files).
func devIndustryFiles(t *testing.T, root string, size, max int) []devFile {
	t.Helper()
	held := map[string]bool{} // hand-checked TEST texts
	hf, err := os.Open("../bench/testdata/handchecked_test.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(hf)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			held[strings.TrimSpace(r.Text)] = true
		}
	}
	hf.Close()
	carTest := map[string]bool{}
	cf, err := os.ReadFile("../bench/testdata/car_split_ids.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(cf), "\n") {
		if id, sp, ok := strings.Cut(l, "\t"); ok && sp == "test" {
			carTest[id] = true
		}
	}
	var out []devFile
	add := func(name, industry string, texts []string) {
		var keep []string
		seen := map[string]bool{}
		for _, x := range texts {
			x = strings.TrimSpace(x)
			if x == "" || held[x] || seen[x] {
				continue
			}
			seen[x] = true
			keep = append(keep, x)
		}
		for i := 0; i+size <= len(keep) && i/size < max; i += size {
			out = append(out, devFile{name: name + " (" + industry + ")", industry: industry, texts: keep[i : i+size]})
		}
		if len(keep) < size && len(keep) > 0 { // a small set is one file
			out = append(out, devFile{name: name + " (" + industry + ")", industry: industry, texts: keep})
		}
	}
	readCSV := func(p string) [][]string {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	byCat := map[string][]string{}
	var cats []string
	for _, row := range readCSV(filepath.Join(root, "sentiment", "online_shopping_9_cats.csv")) {
		if len(row) == 3 {
			if byCat[row[0]] == nil {
				cats = append(cats, row[0])
			}
			byCat[row[0]] = append(byCat[row[0]], row[2])
		}
	}
	for _, c := range cats {
		add("online_shopping "+c, "ecommerce", byCat[c])
	}
	var waimai []string
	for _, row := range readCSV(filepath.Join(root, "sentiment", "waimai_train80.csv")) {
		waimai = append(waimai, row[len(row)-1])
	}
	add("waimai_train80", "food_delivery", waimai)
	var car []string
	seenCar := map[string]bool{}
	for _, row := range readCSV(filepath.Join(root, "aspect", "ccf2018_car_train85.csv")) {
		if carTest[row[0]] || seenCar[row[0]] {
			continue
		}
		seenCar[row[0]] = true
		car = append(car, row[1])
	}
	add("ccf2018_car (train+val)", "automotive", car)
	var maf []string
	if b, err := os.ReadFile(filepath.Join(root, "extra", "cote_opinion_targets", "mafengwo_test.nohotel.jsonl")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			var r struct{ S string }
			if json.Unmarshal([]byte(l), &r) == nil {
				maf = append(maf, r.S)
			}
		}
	}
	add("cote mafengwo", "hotel_travel", maf)
	for _, ind := range []string{"automotive", "banking", "ecommerce", "food_delivery", "hotel_travel", "telecom"} {
		b, err := os.ReadFile("../kg/testdata/mapping_" + ind + ".jsonl")
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, l := range strings.Split(string(b), "\n") {
			var r struct{ Text string }
			if json.Unmarshal([]byte(l), &r) == nil {
				texts = append(texts, r.Text)
			}
		}
		add("mapping_"+ind, ind, texts)
	}
	// Mixed files: 50 records each of four industries, interleaved (a file of no one
	// industry, which dominant mode must not force onto one).
	srcs := map[string][]devFile{}
	for _, f := range out {
		srcs[f.industry] = append(srcs[f.industry], f)
	}
	for k := 0; k < max; k++ {
		m := devFile{name: "mixed 4×50 (mixed)", industry: "mixed"}
		for j := 0; j < 50; j++ {
			for _, ind := range []string{"ecommerce", "food_delivery", "automotive", "hotel_travel"} {
				fs := srcs[ind]
				f := fs[k%len(fs)]
				if ind == "ecommerce" { // one category per mixed file
					f = fs[(k*3)%len(fs)]
				}
				if j < len(f.texts) {
					m.texts = append(m.texts, f.texts[len(f.texts)-1-j]) // the files' ends
					m.labels = append(m.labels, ind)
				}
			}
		}
		out = append(out, m)
	}
	return out
}
