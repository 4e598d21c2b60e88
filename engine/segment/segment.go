package segment

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

//go:embed dict/*.gz
var dictFS embed.FS

// extraWordsFile holds words jieba's dictionary lacks (dict/extra_words.txt: 充电宝, 黑科技
// …), which the engine registers with the graph's terms so that no term matches inside them
// (充电 in 充电宝 is no charging).
//
//go:embed dict/extra_words.txt
var extraWordsFile string

// ExtraWords returns the words of dict/extra_words.txt.
func ExtraWords() []string {
	var out []string
	for _, l := range strings.Split(extraWordsFile, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

var dictFiles = []string{"jieba.dict.utf8", "hmm_model.utf8", "idf.utf8", "stop_words.utf8"}

// Options configures a Segmenter. The zero value is usable.
type Options struct {
	// CacheDir receives the unpacked dictionaries (default: $XDG_CACHE_HOME/tingzhen or
	// os.TempDir()/tingzhen-cache). Files are written once and reused.
	CacheDir string
	// UserDicts are extra user dictionary files (lines: `word`, `word tag` or `word freq tag`).
	UserDicts []string
	// UserWords are added as user dictionary entries (noun by default; "word tag" allowed;
	// a word without a frequency gets jieba's suggested one, weighUserWords).
	UserWords []string
	// HMM enables HMM recognition of unknown words in Cut (default true via New).
	NoHMM bool
}

// Word is one segmented word with its part of speech and code-point span.
type Word struct {
	Text  string `json:"word"`
	POS   string `json:"pos"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Keyword is a TF-IDF keyword.
type Keyword struct {
	Word   string  `json:"word"`
	Weight float64 `json:"weight"`
}

// Segmenter wraps one cppjieba instance.
type Segmenter struct {
	j   *gojieba.Jieba
	hmm bool
	dir string
}

// DefaultCacheDir is where the embedded dictionaries are unpacked when Options.CacheDir is empty.
func DefaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "tingzhen")
	}
	return filepath.Join(os.TempDir(), "tingzhen-cache")
}

// New unpacks the dictionaries if needed and builds the segmenter (about 1 s and 130 MB).
func New(opt Options) (*Segmenter, error) {
	cache := opt.CacheDir
	if cache == "" {
		cache = DefaultCacheDir()
	}
	dir, err := unpack(cache)
	if err != nil {
		return nil, fmt.Errorf("segment: unpack jieba dictionaries into %s: %w", cache, err)
	}
	// gojieba checks each path with os.Stat, so several user dictionaries are merged into one file.
	words := append([]string(nil), opt.UserWords...)
	for _, u := range opt.UserDicts {
		b, err := os.ReadFile(u)
		if err != nil {
			return nil, fmt.Errorf("segment: user dictionary: %w", err)
		}
		if !utf8.Valid(b) {
			return nil, fmt.Errorf("segment: user dictionary %s is not UTF-8", u)
		}
		words = append(words, strings.Split(string(b), "\n")...)
	}
	user, err := userDict(cache, dir, words) // cache.go: weighed once, then reused
	if err != nil {
		return nil, fmt.Errorf("segment: user dictionary: %w", err)
	}
	j := gojieba.NewJieba(
		filepath.Join(dir, "jieba.dict.utf8"),
		filepath.Join(dir, "hmm_model.utf8"),
		user,
		filepath.Join(dir, "idf.utf8"),
		filepath.Join(dir, "stop_words.utf8"),
	)
	return &Segmenter{j: j, hmm: !opt.NoHMM, dir: dir}, nil
}

// Close frees the cppjieba instance. The Segmenter must not be used afterwards.
func (s *Segmenter) Close() {
	if s != nil && s.j != nil {
		s.j.Free()
		s.j = nil
	}
}

// Cut segments text into words.
func (s *Segmenter) Cut(text string) []string {
	if text == "" {
		return nil
	}
	return s.j.Cut(text, s.hmm)
}

// Tag segments text into words with part-of-speech tags and code-point offsets.
func (s *Segmenter) Tag(text string) []Word {
	if text == "" {
		return nil
	}
	tagged := s.j.Tag(text)
	out := make([]Word, 0, len(tagged))
	pos := 0 // byte cursor
	runePos := 0
	for _, t := range tagged {
		i := strings.LastIndexByte(t, '/')
		w, tag := t, ""
		if i > 0 {
			w, tag = t[:i], t[i+1:]
		}
		k := strings.Index(text[pos:], w)
		if k < 0 {
			continue // cppjieba never rewrites text; be defensive anyway
		}
		runePos += utf8.RuneCountInString(text[pos : pos+k])
		n := utf8.RuneCountInString(w)
		out = append(out, Word{Text: w, POS: tag, Start: runePos, End: runePos + n})
		pos += k + len(w)
		runePos += n
	}
	return out
}

// Keywords returns up to k TF-IDF keywords, highest weight first.
func (s *Segmenter) Keywords(text string, k int) []Keyword {
	if text == "" || k <= 0 {
		return nil
	}
	ws := s.j.ExtractWithWeight(text, k)
	out := make([]Keyword, 0, len(ws))
	for _, w := range ws {
		out = append(out, Keyword{Word: w.Word, Weight: w.Weight})
	}
	return out
}

func unpack(cache string) (string, error) {
	h := sha256.New()
	gzs := make([][]byte, len(dictFiles)) // each embedded file read once (ReadFile copies it)
	for i, f := range dictFiles {
		b, err := dictFS.ReadFile("dict/" + f + ".gz")
		if err != nil {
			return "", err
		}
		h.Write(b)
		gzs[i] = b
	}
	dir := filepath.Join(cache, "jieba-"+hex.EncodeToString(h.Sum(nil))[:12])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for i, f := range dictFiles {
		dst := filepath.Join(dir, f)
		raw := gzs[i]
		if unpackedOK(dst, raw) { // cache.go: size stamp, no re-read
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return "", err
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			return "", fmt.Errorf("%s: %w", f, err)
		}
		if err := writeIfChanged(dst, data); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// writeIfChanged writes atomically (temp file + rename) so concurrent processes never
// see a half-written dictionary.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// weighUserWords gives every user word written without a frequency (`word` or `word tag`)
// the frequency jieba's suggest_freq(word, tune=True) gives it: its dictionary frequency, or
// more when that is needed to keep the word whole against its own dictionary pieces (the
// product of the pieces' probabilities, times the dictionary's total, plus one). Without a
// frequency cppjieba gives a user word the dictionary's median weight (frequency 3 of about
// 60 million), below most registered terms' own: 便宜 (2013) became 便|宜 and 大堂 (382)
// 大|堂, whose characters the HMM then glued to their neighbours (但大堂). A word jieba
// knows keeps its dictionary tag unless the line gives one; lines with a frequency are kept
// as written.
func weighUserWords(dictPath string, words []string) ([]string, error) {
	type entry struct {
		word, tag string
		tagged    bool // the line gave the tag
		line      int
	}
	var todo []entry
	need := map[string]int64{} // the words and all their sub-strings → dictionary frequency
	for i, w := range words {
		f := strings.Fields(w)
		if len(f) == 0 || len(f) > 2 {
			continue // blank, or a frequency given (word freq tag)
		}
		e := entry{word: f[0], tag: "n", line: i}
		if len(f) == 2 {
			e.tag, e.tagged = f[1], true
		}
		todo = append(todo, e)
		rs := []rune(e.word)
		for a := range rs {
			for b := a + 1; b <= len(rs); b++ {
				need[string(rs[a:b])] = 0
			}
		}
	}
	if len(todo) == 0 {
		return words, nil
	}
	f, err := os.Open(dictPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var total int64
	tags := map[string]string{} // dictionary tags of the user words jieba knows
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		i := strings.IndexByte(line, ' ')
		if i <= 0 {
			continue
		}
		rest, tag := line[i+1:], ""
		if j := strings.IndexByte(rest, ' '); j >= 0 {
			rest, tag = rest[:j], strings.TrimSpace(rest[j+1:])
		}
		n, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || n <= 0 {
			continue
		}
		total += n
		if _, ok := need[line[:i]]; ok {
			need[line[:i]] = n
			if tag != "" {
				tags[line[:i]] = tag
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if total == 0 {
		return words, nil
	}
	out := append([]string(nil), words...)
	for _, e := range todo {
		if t, ok := tags[e.word]; ok && !e.tagged {
			e.tag = t // a word jieba knows keeps its part of speech (便宜 a, not n)
		}
		out[e.line] = fmt.Sprintf("%s %d %s", e.word, suggestFreq(e.word, need, total), e.tag)
	}
	return out, nil
}

// suggestFreq is jieba's suggest_freq(word, tune=True) with the word's best split into
// dictionary pieces (single characters count 1 when absent, as in jieba's cut): the least
// frequency above that split's probability, and never below the word's own frequency.
func suggestFreq(word string, freq map[string]int64, total int64) int64 {
	rs := []rune(word)
	n := len(rs)
	// best[i]: the highest log probability of rs[:i] cut into pieces other than the word.
	best := make([]float64, n+1)
	for i := 1; i <= n; i++ {
		best[i] = math.Inf(-1)
		for j := 0; j < i; j++ {
			if j == 0 && i == n || math.IsInf(best[j], -1) {
				continue
			}
			f := freq[string(rs[j:i])]
			if f == 0 && i-j == 1 {
				f = 1
			}
			if f == 0 {
				continue
			}
			if p := best[j] + math.Log(float64(f)/float64(total)); p > best[i] {
				best[i] = p
			}
		}
	}
	own := freq[word]
	if n < 2 || math.IsInf(best[n], -1) {
		return max(own, 1)
	}
	return max(own, int64(math.Exp(best[n])*float64(total))+1)
}

func writeUserWords(cache string, words []string) (string, error) {
	seen := map[string]bool{}
	var lines []string
	for _, w := range words {
		w = strings.TrimSpace(w)
		if w == "" || strings.ContainsAny(w, "\n\r|") || !utf8.ValidString(w) {
			continue
		}
		if !strings.Contains(w, " ") {
			w += " n"
		}
		if !seen[w] {
			seen[w] = true
			lines = append(lines, w)
		}
	}
	sort.Strings(lines)
	data := []byte(strings.Join(lines, "\n") + "\n") // an empty dictionary is one blank line
	p := filepath.Join(cache, userWordsName(data))
	return p, writeIfChanged(p, data)
}

// userWordsName is the content-addressed name of a user dictionary: userwords-<the first 12
// hex digits of its sha256>.utf8 (cache.go checks a cached file against it).
func userWordsName(data []byte) string {
	sum := sha256.Sum256(data)
	return "userwords-" + hex.EncodeToString(sum[:])[:12] + ".utf8"
}
