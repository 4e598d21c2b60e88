package tokenize

import (
	"bufio"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
)

const vocabPath = "../../models/sentiment-zh/vocab.txt"

func load(t testing.TB, lower bool) *Tokenizer {
	t.Helper()
	tk, err := Load(vocabPath, lower)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func readLines(t testing.TB) []string {
	f, err := os.Open("testdata/lines.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// TestMatchesSugarmeReference: the fast path gives the ids of sugarme's BERT pipeline.
func TestMatchesSugarmeReference(t *testing.T) {
	for _, lower := range []bool{true, false} {
		tk := load(t, lower)
		lines := readLines(t)
		if len(lines) < 300 {
			t.Fatalf("only %d fixture lines", len(lines))
		}
		for _, line := range lines {
			want, err := tk.Reference(line)
			if err != nil {
				t.Fatalf("reference %q: %v", line, err)
			}
			got := tk.Encode(line, 0)
			if !reflect.DeepEqual(got.IDs, want) {
				t.Fatalf("lower=%v %q:\n got  %v\n want %v", lower, line, got.IDs, want)
			}
		}
	}
}

func TestKnownIDsAndOffsets(t *testing.T) {
	tk := load(t, true)
	text := "物流太慢了,OPPO手机👍"
	e := tk.Encode(text, 0)
	rs := []rune(text)
	// [CLS] 物 流 太 慢 了 , oppo 手 机 👍 [SEP] (oppo and 👍 are vocabulary entries)
	if e.IDs[0] != int64(tk.CLSID) || e.IDs[len(e.IDs)-1] != int64(tk.SEPID) {
		t.Fatalf("missing specials: %v", e.IDs)
	}
	var pieces []string
	for i := 1; i < e.Len()-1; i++ {
		pieces = append(pieces, string(rs[e.Starts[i]:e.Ends[i]]))
	}
	want := []string{"物", "流", "太", "慢", "了", ",", "OPPO", "手", "机", "👍"}
	if strings.Join(pieces, "|") != strings.Join(want, "|") {
		t.Fatalf("token spans %q want %q (ids %v)", pieces, want, e.IDs)
	}
	// A word split into several WordPiece pieces keeps contiguous spans; an unknown one is one [UNK].
	w := "Snapdragon888"
	e = tk.Encode(w, 0)
	if e.Len() < 4 {
		t.Fatalf("%q should split into several pieces: %v", w, e.IDs)
	}
	for i := 2; i < e.Len()-1; i++ {
		if e.Starts[i] != e.Ends[i-1] {
			t.Fatalf("pieces not contiguous: %v %v", e.Starts, e.Ends)
		}
	}
	if e.Starts[1] != 0 || e.Ends[e.Len()-2] != len(w) {
		t.Fatalf("pieces do not cover the word: %v %v", e.Starts, e.Ends)
	}
	u := tk.Encode("ꙮꙮ", 0)
	if u.Len() != 3 || u.IDs[1] != int64(tk.UnkID) {
		t.Fatalf("unknown word should be one [UNK]: %v", u.IDs)
	}
}

func TestTruncation(t *testing.T) {
	tk := load(t, true)
	text := strings.Repeat("质量很好", 50)
	e := tk.Encode(text, 32)
	if e.Len() != 32 || !e.Truncated || e.Tokens != 200 {
		t.Fatalf("len %d truncated %v tokens %d", e.Len(), e.Truncated, e.Tokens)
	}
	if e.IDs[31] != int64(tk.SEPID) {
		t.Fatal("last id must be [SEP]")
	}
	short := tk.Encode("好", 32)
	if short.Truncated || short.Len() != 3 {
		t.Fatalf("short text: %+v", short)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load("testdata/missing-vocab.txt", true); err == nil {
		t.Fatal("want error for a missing vocabulary")
	}
}

func TestConcurrentEncode(t *testing.T) {
	tk := load(t, true)
	lines := readLines(t)
	want := make([][]int64, len(lines))
	for i, l := range lines {
		want[i] = tk.Encode(l, 128).IDs
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var e Encoding
			for i := g; i < len(lines); i += 3 {
				tk.EncodeInto(&e, lines[i], 128)
				if !reflect.DeepEqual(e.IDs, want[i]) {
					t.Errorf("line %d differs under concurrency", i)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func FuzzEncode(f *testing.F) {
	tk := load(f, true)
	for _, s := range []string{"物流太慢了", "ＯＰＰＯ", "café", "\xff", "a,b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := tk.Encode(s, 64)
		if e.Len() < 2 || e.Len() > 64 {
			t.Fatalf("bad length %d", e.Len())
		}
		n := len([]rune(s))
		for i := 1; i < e.Len()-1; i++ {
			if e.Starts[i] < 0 || e.Ends[i] > n || e.Starts[i] >= e.Ends[i] {
				t.Fatalf("bad span %d:%d for %q", e.Starts[i], e.Ends[i], s)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	tk := load(b, true)
	lines := readLines(b)
	var e Encoding
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tk.EncodeInto(&e, lines[i%len(lines)], 128)
	}
}

func BenchmarkReferenceSugarme(b *testing.B) {
	tk := load(b, true)
	lines := readLines(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tk.Reference(lines[i%len(lines)]); err != nil {
			b.Fatal(err)
		}
	}
}
