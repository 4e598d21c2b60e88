package segment

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var cacheWords = []string{"配送时效", "退换货", "客服响应 n", "便宜", "大堂 n", "味道", "话费 10 n", "酸汤鱼"}

// coldUserDict unpacks into a fresh cache and builds the user dictionary without any cache:
// the reference every cached answer must equal byte for byte.
func coldUserDict(t *testing.T) (cache, dir string, want []byte) {
	t.Helper()
	cache = t.TempDir()
	dir, err := unpack(cache)
	if err != nil {
		t.Fatal(err)
	}
	weighed, err := weighUserWords(filepath.Join(dir, "jieba.dict.utf8"), cacheWords)
	if err != nil {
		t.Fatal(err)
	}
	ref := t.TempDir()
	p, err := writeUserWords(ref, weighed)
	if err != nil {
		t.Fatal(err)
	}
	if want, err = os.ReadFile(p); err != nil {
		t.Fatal(err)
	}
	return cache, dir, want
}

func readUserDict(t *testing.T, cache, dir string, words []string) []byte {
	t.Helper()
	p, err := userDict(cache, dir, words)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A cache entry damaged in any way is detected and rebuilt: the dictionary handed to jieba
// is always the one weighing gives.
func TestUserDictCacheCorruption(t *testing.T) {
	f := func(name string, damage func(t *testing.T, cache, index, dict string)) {
		t.Run(name, func(t *testing.T) {
			cache, dir, want := coldUserDict(t)
			if got := readUserDict(t, cache, dir, cacheWords); string(got) != string(want) {
				t.Fatalf("cold build differs from weighing:\n%s\nwant\n%s", got, want)
			}
			index := indexPath(cache, userDictKey(dir, cacheWords))
			b, err := os.ReadFile(index)
			if err != nil {
				t.Fatalf("no cache entry after a cold build: %v", err)
			}
			_, name, _ := strings.Cut(string(b), "\n")
			damage(t, cache, index, filepath.Join(cache, name))
			if got := readUserDict(t, cache, dir, cacheWords); string(got) != string(want) {
				t.Fatalf("after damage the dictionary is\n%s\nwant\n%s", got, want)
			}
			if _, ok := cachedUserDict(cache, userDictKey(dir, cacheWords)); !ok {
				t.Fatal("cache entry not valid again after the rebuild")
			}
		})
	}
	write := func(t *testing.T, p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f("intact", func(*testing.T, string, string, string) {})
	f("dictionary truncated", func(t *testing.T, _, _, dict string) { write(t, dict, "配送时效 1") })
	f("dictionary emptied", func(t *testing.T, _, _, dict string) { write(t, dict, "") })
	f("dictionary deleted", func(t *testing.T, _, _, dict string) { os.Remove(dict) })
	f("dictionary one byte changed", func(t *testing.T, _, _, dict string) {
		b, _ := os.ReadFile(dict)
		b[len(b)/2] ^= 1
		write(t, dict, string(b))
	})
	f("index garbage", func(t *testing.T, _, index, _ string) { write(t, index, "\x00\xff不是文件名") })
	f("index empty", func(t *testing.T, _, index, _ string) { write(t, index, "") })
	f("index outside the cache", func(t *testing.T, _, index, _ string) { write(t, index, "../userwords-000000000000.utf8") })
	f("index of another key", func(t *testing.T, _, index, dict string) {
		write(t, index, userDictKey("/c/jieba-111111111111", cacheWords)+"\n"+filepath.Base(dict))
	})
	f("index without its key", func(t *testing.T, _, index, dict string) { write(t, index, filepath.Base(dict)) })
	f("index names another valid dictionary", func(t *testing.T, cache, index, _ string) {
		p, err := writeUserWords(cache, []string{"别的词 5 n"})
		if err != nil {
			t.Fatal(err)
		}
		write(t, index, filepath.Base(p)) // a name alone, without the key line
	})
}

// The key covers the words, their order and the dictionary version: a changed pack never
// reuses an old weighing.
func TestUserDictKey(t *testing.T) {
	base := userDictKey("/c/jieba-02776dcebe3b", []string{"配送时效", "退换货"})
	f := func(dir string, words []string, same bool) {
		t.Helper()
		if got := userDictKey(dir, words) == base; got != same {
			t.Errorf("userDictKey(%q, %q) same as base = %v, want %v", dir, words, got, same)
		}
	}
	f("/c/jieba-02776dcebe3b", []string{"配送时效", "退换货"}, true)
	f("/other/cache/jieba-02776dcebe3b", []string{"配送时效", "退换货"}, true) // the cache dir may move
	f("/c/jieba-111111111111", []string{"配送时效", "退换货"}, false)
	f("/c/jieba-02776dcebe3b", []string{"退换货", "配送时效"}, false)
	f("/c/jieba-02776dcebe3b", []string{"配送时效退换货"}, false)
	f("/c/jieba-02776dcebe3b", []string{"配送时效", "退换货 v"}, false)
	f("/c/jieba-02776dcebe3b", []string{"配送时效"}, false)
}

// Processes (here goroutines) starting together on an empty cache all get the same,
// complete dictionary (temp file + rename); run with -race.
func TestUserDictConcurrentFirstStart(t *testing.T) {
	cache, dir, want := coldUserDict(t)
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	errs := make([]error, len(got))
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p, err := userDict(cache, dir, cacheWords)
			if err == nil {
				got[i], err = os.ReadFile(p)
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("start %d: %v", i, errs[i])
		}
		if string(got[i]) != string(want) {
			t.Fatalf("start %d got\n%s\nwant\n%s", i, got[i], want)
		}
	}
}

// An unpacked dictionary whose size does not match its gzip trailer is unpacked again.
func TestUnpackRepairsTruncatedDictionary(t *testing.T) {
	cache := t.TempDir()
	dir, err := unpack(cache)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, f := range dictFiles {
		if want[f], err = os.ReadFile(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	f := func(file string, damage func(p string)) {
		t.Helper()
		p := filepath.Join(dir, file)
		damage(p)
		if _, err := unpack(cache); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != string(want[file]) {
			t.Fatalf("%s not restored after damage (err %v, %d bytes, want %d)", file, err, len(got), len(want[file]))
		}
	}
	f("jieba.dict.utf8", func(p string) { os.Truncate(p, 1000) })
	f("idf.utf8", func(p string) { os.WriteFile(p, nil, 0o644) })
	f("hmm_model.utf8", func(p string) { os.Remove(p) })
	f("stop_words.utf8", func(p string) { os.Truncate(p, 10) })
	f("jieba.dict.utf8", func(string) {}) // intact: kept
}

// A segmenter built on a warm cache (weighing skipped) segments exactly as one built cold.
func TestWarmStartSegmentsAsCold(t *testing.T) {
	cache := t.TempDir()
	opt := Options{CacheDir: cache, UserWords: cacheWords}
	cold, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer cold.Close()
	warm, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer warm.Close()
	for _, text := range []string{"酸汤鱼很好吃，但大堂太吵了", "这次配送时效太差，退换货流程也很麻烦", "话费便宜，客服响应很快"} {
		a, b := cold.Tag(text), warm.Tag(text)
		if len(a) != len(b) {
			t.Fatalf("Tag(%q): cold %v, warm %v", text, a, b)
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("Tag(%q): cold %v, warm %v", text, a, b)
			}
		}
	}
}
