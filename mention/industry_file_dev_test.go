package mention

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine/normalize"
)

// fileRec is one record of a DEV file for TestIndustryFileDEV: its text and the industry
// its source fixes.
type fileRec struct{ Text, Want string }

// TestIndustryFileDEV measures the file-level industry (Dominant over the file's first
// DominantSample records, then FileIndustry per record) on DEV files only, for a grid of
// DominantLeaveMargin and for record mode:
//   - TINGZHEN_INDUSTRY_FILES: comma-separated JSONL files of shop reviews ("text"; "want",
//     the industry the record's source fixes, default ecommerce), each one file;
//   - TINGZHEN_INDUSTRY_SET: the file of training/industry_data.py; from its dev split (real
//     sources only: no mapping_ or handchecked_dev sentences) it cuts, with fixed seeds,
//     M1 mixed files (40 each of the five industries with real text, interleaved), M2
//     shop-heavy files (140 ecommerce + 15 of each other industry, shuffled) and P pure files
//     (200 records of one non-ecommerce industry).
//
// Each record is decided on its normalised text (engine/normalize), as the engine decides it;
// TINGZHEN_INDUSTRY_LEAVE_RAW=1 gives the leave decision (FileIndustry) the raw text instead,
// as before session 13. The sample's votes (Dominant) read the normalised texts too
// (IndustryText; before session 14 they read the texts as written).
// Prints the wrong records per file group and margin. Numbers: bench/results/pipeline-accuracy.md
// ("ind12, session 12").
func TestIndustryFileDEV(t *testing.T) {
	files, set := os.Getenv("TINGZHEN_INDUSTRY_FILES"), os.Getenv("TINGZHEN_INDUSTRY_SET")
	if files == "" && set == "" {
		t.Skip("set TINGZHEN_INDUSTRY_FILES and/or TINGZHEN_INDUSTRY_SET")
	}
	type group struct {
		name  string
		files [][]fileRec
	}
	var groups []group
	if files != "" {
		var g group
		g.name = "S shop files"
		for _, path := range strings.Split(files, ",") {
			g.files = append(g.files, readFileRecs(t, path))
		}
		groups = append(groups, g)
	}
	if set != "" {
		pools := industryDevPools(t, set)
		inds := []string{"automotive", "banking", "ecommerce", "food_delivery", "hotel_travel"}
		draw := func(rng *rand.Rand, ind string, n int) []fileRec {
			p := pools[ind]
			out := make([]fileRec, n)
			for i, k := range rng.Perm(len(p))[:n] {
				out[i] = p[k]
			}
			return out
		}
		m1, m2, pure := group{name: "M1 mixed 5x40"}, group{name: "M2 shop-heavy 140+4x15"}, group{name: "P pure non-shop"}
		for seed := int64(1); seed <= 5; seed++ {
			rng := rand.New(rand.NewSource(seed))
			var f []fileRec
			parts := map[string][]fileRec{}
			for _, ind := range inds {
				parts[ind] = draw(rng, ind, 40)
			}
			for i := 0; i < 40; i++ {
				for _, ind := range inds {
					f = append(f, parts[ind][i])
				}
			}
			m1.files = append(m1.files, f)
			f = nil
			for _, ind := range inds {
				n := 15
				if ind == "ecommerce" {
					n = 140
				}
				f = append(f, draw(rng, ind, n)...)
			}
			rng.Shuffle(len(f), func(i, j int) { f[i], f[j] = f[j], f[i] })
			m2.files = append(m2.files, f)
		}
		for k, ind := range inds {
			if ind == "ecommerce" {
				continue
			}
			for seed := int64(1); seed <= 2; seed++ {
				pure.files = append(pure.files, draw(rand.New(rand.NewSource(100*int64(k)+seed)), ind, 200))
			}
		}
		groups = append(groups, m1, m2, pure)
		if dir := os.Getenv("TINGZHEN_INDUSTRY_DUMP"); dir != "" { // the files, to run through analyze
			for _, g := range []group{m1, m2, pure} {
				for i, f := range g.files {
					dumpFileRecs(t, fmt.Sprintf("%s/%s-%d.jsonl", dir, strings.Fields(g.name)[0], i+1), f)
				}
			}
		}
	}
	// wrong counts a group's wrong records: record mode when margin is NaN, else dominant
	// mode with that leave margin.
	wrong := func(files [][]fileRec, margin float64) (w, n int, forced int) {
		for _, f := range files {
			p := *defaultPolicy()
			p.DominantLeaveMargin = margin
			var texts []string
			for _, r := range f {
				if len(texts) < p.DominantSample {
					texts = append(texts, r.Text)
				}
			}
			dom := ""
			if !math.IsNaN(margin) {
				dom = p.Dominant(testGraph, texts).ID
			}
			for _, r := range f {
				text := normText(r.Text)
				leave := text
				if os.Getenv("TINGZHEN_INDUSTRY_LEAVE_RAW") != "" {
					leave = r.Text
				}
				id := p.FileIndustry(testGraph, leave, dom)
				if id == "" {
					id, _, _ = p.Industry(testGraph, text)
				} else {
					forced++
				}
				if id != r.Want {
					w++
				}
				n++
			}
		}
		return w, n, forced
	}
	margins := []float64{math.NaN(), math.Inf(1), 16, 12, 10, 8, 6, 5, 4, 3, 2, 1, 0}
	fmt.Printf("%-8s", "margin")
	for _, g := range groups {
		fmt.Printf(" | %-28s", fmt.Sprintf("%s (%d files)", g.name, len(g.files)))
	}
	fmt.Printf(" | total wrong\n")
	for _, m := range margins {
		name := fmt.Sprintf("%g", m)
		if math.IsNaN(m) {
			name = "record"
		}
		fmt.Printf("%-8s", name)
		total := 0
		for _, g := range groups {
			w, n, forced := wrong(g.files, m)
			total += w
			fmt.Printf(" | %4d wrong / %4d (acc %.4f, kept %d)", w, n, 1-float64(w)/float64(n), forced)
		}
		fmt.Printf(" | %d\n", total)
	}
}

// normText is text as the engine reads it (engine/normalize); text itself when nothing is
// left.
func normText(text string) string {
	nt, err := normalize.String(text, normalize.Options{})
	if err != nil {
		return text
	}
	return nt.Text
}

func readFileRecs(t *testing.T, path string) []fileRec {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []fileRec
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var r struct{ Text, Want string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if r.Want == "" {
			r.Want = "ecommerce"
		}
		out = append(out, fileRec{Text: r.Text, Want: r.Want})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// industryDevPools is the dev split of training/industry_data.py's file by industry, real
// sources only (no hand-written mapping_ or handchecked_dev sentences), in file order.
func industryDevPools(t *testing.T, path string) map[string][]fileRec {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pools := map[string][]fileRec{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var r struct{ Text, Industry, Source, Split string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Split != "dev" || strings.HasPrefix(r.Source, "mapping_") || strings.HasPrefix(r.Source, "handchecked_") {
			continue
		}
		pools[r.Industry] = append(pools[r.Industry], fileRec{Text: r.Text, Want: r.Industry})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return pools
}

func dumpFileRecs(t *testing.T, path string, recs []fileRec) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for i, r := range recs {
		if err := enc.Encode(map[string]string{"id": fmt.Sprintf("x%03d", i), "text": r.Text, "want": r.Want}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
