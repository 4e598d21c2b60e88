package golden

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// sample regenerates the inputs (testdata/reviews.jsonl, testdata/chats.tsv) from the
// shared datasets. The inputs are fixed: regenerate only to change what the test covers,
// and regenerate the golden files after it.
var sample = flag.Bool("sample", false, "resample testdata/reviews.jsonl and testdata/chats.tsv from $TINGZHEN_DATASETS (default ../../shared/datasets)")

const (
	sampleSeed   = 18
	reviewsEach  = 1000 // per source
	maxReviewLen = 300  // code points; longer reviews are skipped to keep the test fast
	chatCount    = 50
	maxChatLines = 40 // sessions with more lines are skipped
)

// review is one line of testdata/reviews.jsonl.
type review struct {
	ID     string `json:"id"`
	Source string `json:"source"`        // online_shopping | waimai
	Cat    string `json:"cat,omitempty"` // online_shopping's category
	Label  string `json:"label"`         // the dataset's label (0/1), kept for reference
	Text   string `json:"text"`
}

// TestSampleInputs writes the inputs; it runs only with -sample.
func TestSampleInputs(t *testing.T) {
	if !*sample {
		t.Skip("inputs are fixed; -sample regenerates them")
	}
	datasets := os.Getenv("TINGZHEN_DATASETS")
	if datasets == "" {
		datasets = "../../shared/datasets"
	}
	if _, err := os.Stat(datasets); err != nil {
		t.Skipf("datasets not available (%v)", err)
	}
	var out []review
	for _, src := range []struct {
		name, file, prefix string
		catCol, labelCol   int
		textCol            int
	}{
		{"online_shopping", "sentiment/online_shopping_9_cats.csv", "os", 0, 1, 2},
		{"waimai", "sentiment/waimai_train80.csv", "wm", -1, 0, 1},
	} {
		rows := readCSV(t, filepath.Join(datasets, src.file))
		seen := map[string]bool{}
		var pool []review
		for _, r := range rows[1:] {
			text := strings.TrimSpace(r[src.textCol])
			if text == "" || !utf8.ValidString(text) || utf8.RuneCountInString(text) > maxReviewLen || seen[text] {
				continue
			}
			seen[text] = true
			rv := review{Source: src.name, Label: r[src.labelCol], Text: text}
			if src.catCol >= 0 {
				rv.Cat = r[src.catCol]
			}
			pool = append(pool, rv)
		}
		rng := rand.New(rand.NewPCG(sampleSeed, 0))
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for i, rv := range pool[:reviewsEach] {
			rv.ID = fmt.Sprintf("%s-%04d", src.prefix, i)
			out = append(out, rv)
		}
	}
	f, err := os.Create(filepath.Join("testdata", "reviews.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for _, rv := range out {
		if err := enc.Encode(rv); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	// Chats: JDDC sessions used by no other fixture or labelled set.
	used := usedSessions(t)
	lines := map[string][]string{}
	var order []string
	jf, err := os.Open(filepath.Join(datasets, "dialog/jddc_chat_0.1per.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer jf.Close()
	sc := bufio.NewScanner(jf)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		id, _, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(line) == "" {
			continue
		}
		if _, ok := lines[id]; !ok {
			order = append(order, id)
		}
		lines[id] = append(lines[id], line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	var pool []string
	for _, id := range order {
		if !used[id] && len(lines[id]) >= 2 && len(lines[id]) <= maxChatLines {
			pool = append(pool, id)
		}
	}
	rng := rand.New(rand.NewPCG(sampleSeed, 1))
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	pick := pool[:chatCount]
	sort.Strings(pick)
	var b strings.Builder
	for _, id := range pick {
		for _, l := range lines[id] {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	if err := os.WriteFile(filepath.Join("testdata", "chats.tsv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d reviews, %d chats (%d candidate sessions, %d excluded as used elsewhere)", len(out), len(pick), len(pool), len(used))
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return rows
}

// usedSessions: JDDC session ids already in the labelled chat turns (bench/testdata) and in
// the call-analysis fixtures, so the golden chats overlap neither.
func usedSessions(t *testing.T) map[string]bool {
	t.Helper()
	used := map[string]bool{}
	for _, p := range []string{"../bench/testdata/chat_turns_dev.jsonl", "../bench/testdata/chat_turns_test.jsonl"} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var v struct{ Session string }
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if id, ok := strings.CutPrefix(v.Session, "chat:"); ok {
				used[id] = true
			}
		}
	}
	fix, _ := filepath.Glob("../calls/testdata/jddc_*.tsv")
	for _, p := range fix {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			if id, _, ok := strings.Cut(l, "\t"); ok && len(id) == 32 {
				used[id] = true
			}
		}
	}
	if len(used) == 0 {
		t.Fatal("found no used sessions: paths wrong?")
	}
	return used
}
