//go:build ignore

// gen derives the embedded opinion lexicon (positive.txt, negative.txt, degree.txt) from the
// academic sentiment dictionaries in ../shared/datasets/lexicon (HowNet, NTUSD, Tsinghua
// Li Jun, misc 情绪词), ranked by word frequency in jieba's dictionary.
//
//	go run mention/lexicon/gen.go -lexicon ../shared/datasets/lexicon \
//	    -jieba $(go env GOMODCACHE)/github.com/yanyiwu/gojieba@v1.4.7/deps/cppjieba/dict/jieba.dict.utf8 \
//	    -reviews ../shared/datasets/sentiment/online_shopping_9_cats.csv,../shared/datasets/sentiment/waimai_train80.csv \
//	    -out mention/lexicon -n 400
//
// A word is a candidate when a source lists it with one polarity and none with the other (or
// at least two more sources agree than disagree), it is 2–4 Han characters long and jieba
// knows it. Candidates are then checked against labelled real reviews: a positive word must
// occur in at least 8 reviews and have ≥ 65 % of its class-normalised review frequency in
// positive reviews (negative words likewise); the n most frequent per polarity are written.
// Single characters and colloquial review words are in the project-written extra_*.txt files.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	lex := flag.String("lexicon", "../shared/datasets/lexicon", "lexicon folder")
	jieba := flag.String("jieba", "", "jieba.dict.utf8 (word freq tag)")
	out := flag.String("out", "mention/lexicon", "output folder")
	n := flag.Int("n", 400, "words per polarity")
	reviews := flag.String("reviews", "", "comma-separated labelled review CSVs (label 1/0 column, review column)")
	flag.Parse()
	freq := map[string]int{}
	if err := eachLine(*jieba, func(l string) {
		f := strings.Fields(l)
		if len(f) >= 2 {
			freq[f[0]], _ = strconv.Atoi(f[1])
		}
	}); err != nil {
		log.Fatal(err)
	}
	pos := []string{"hownet/正面评价词语（中文）.utf8.txt", "hownet/正面情感词语（中文）.utf8.txt", "ntusd/ntusd-positive.utf8.txt", "tsinghua_lijun/tsinghua.positive.utf8.txt", "misc/正面情绪词.utf8.txt"}
	neg := []string{"hownet/负面评价词语（中文）.utf8.txt", "hownet/负面情感词语（中文）.utf8.txt", "ntusd/ntusd-negative.utf8.txt", "tsinghua_lijun/tsinghua.negative.utf8.txt", "misc/负面情绪词.utf8.txt"}
	pv, nv := votes(*lex, pos), votes(*lex, neg)
	// exclude.txt (project-written) lists non-opinion words to drop.
	if b, err := os.ReadFile(filepath.Join(*out, "exclude.txt")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "#") {
				continue
			}
			for _, w := range strings.Fields(l) {
				delete(pv, w)
				delete(nv, w)
			}
		}
	}
	cand := map[string]bool{}
	for w := range pv {
		cand[w] = true
	}
	for w := range nv {
		cand[w] = true
	}
	dfp, dfn, np, nn := reviewDF(strings.Split(*reviews, ","), cand)
	fmt.Printf("reviews: %d positive, %d negative\n", np, nn)
	write := func(name string, mine, other map[string]int, dfMine, dfOther map[string]int, nMine, nOther int) {
		var ws []string
		for w, v := range mine {
			if !(other[w] == 0 || v-other[w] >= 2) || freq[w] == 0 || !han(w) {
				continue
			}
			a, b := float64(dfMine[w])/float64(nMine), float64(dfOther[w])/float64(nOther)
			if dfMine[w]+dfOther[w] < 8 || a/(a+b) < 0.65 {
				continue
			}
			ws = append(ws, w)
		}
		df := func(w string) int { return dfMine[w] + dfOther[w] }
		sort.Slice(ws, func(i, j int) bool {
			if df(ws[i]) != df(ws[j]) {
				return df(ws[i]) > df(ws[j])
			}
			return ws[i] < ws[j]
		})
		if len(ws) > *n {
			ws = ws[:*n]
		}
		sort.Strings(ws)
		body := "# derived by lexicon/gen.go from HowNet, NTUSD, Tsinghua (Li Jun) and misc 情绪词 lists; academic use, see LICENSE.md\n" + strings.Join(ws, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(*out, name), []byte(body), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name, len(ws))
	}
	write("positive.txt", pv, nv, dfp, dfn, np, nn)
	write("negative.txt", nv, pv, dfn, dfp, nn, np)

	// Degree adverbs: HowNet's six groups, weighted by group.
	weights := map[int]string{1: "2.0", 2: "1.6", 3: "1.3", 4: "0.7", 5: "0.5", 6: "1.5"}
	group := 0
	var lines []string
	seen := map[string]bool{}
	if err := eachLine(filepath.Join(*lex, "hownet/程度级别词语（中文）.utf8.txt"), func(l string) {
		l = strings.TrimSpace(l)
		if len(l) > 2 && l[0] >= '1' && l[0] <= '6' && l[1] == '.' {
			group = int(l[0] - '0')
			return
		}
		if group == 0 || l == "" || !han(l) || seen[l] {
			return
		}
		seen[l] = true
		lines = append(lines, l+"\t"+weights[group])
	}); err != nil {
		log.Fatal(err)
	}
	body := "# HowNet 程度级别词语 with a weight per group (极其 2.0, 很 1.6, 较 1.3, 稍 0.7, 欠 0.5, 超 1.5); academic use, see LICENSE.md\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(*out, "degree.txt"), []byte(body), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("degree.txt", len(lines))
}

// reviewDF counts, per candidate word, the positive and negative reviews containing it.
func reviewDF(files []string, cand map[string]bool) (dfp, dfn map[string]int, np, nn int) {
	dfp, dfn = map[string]int{}, map[string]int{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			log.Fatal(err)
		}
		r := csv.NewReader(fh)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		fh.Close()
		if err != nil {
			log.Fatal(err)
		}
		li, ri := -1, -1
		for i, h := range rows[0] {
			switch h {
			case "label":
				li = i
			case "review":
				ri = i
			}
		}
		for _, row := range rows[1:] {
			if li < 0 || ri < 0 || len(row) <= ri || len(row) <= li {
				continue
			}
			dst := dfn
			if row[li] == "1" {
				dst = dfp
				np++
			} else {
				nn++
			}
			rs := []rune(row[ri])
			seen := map[string]bool{}
			for i := range rs {
				for l := 2; l <= 4 && i+l <= len(rs); l++ {
					w := string(rs[i : i+l])
					if cand[w] && !seen[w] {
						seen[w] = true
						dst[w]++
					}
				}
			}
		}
	}
	return
}

func votes(dir string, files []string) map[string]int {
	v := map[string]int{}
	for _, f := range files {
		seen := map[string]bool{}
		if err := eachLine(filepath.Join(dir, f), func(l string) {
			w := strings.TrimSpace(l)
			n := utf8.RuneCountInString(w)
			if n < 2 || n > 4 || seen[w] {
				return
			}
			seen[w] = true
			v[w]++
		}); err != nil {
			log.Fatal(err)
		}
	}
	return v
}

func han(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return w != ""
}

func eachLine(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	return sc.Err()
}
