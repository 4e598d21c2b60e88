package tokenize

import (
	"fmt"
	"os"
	"unicode"
	"unicode/utf8"

	"github.com/sugarme/tokenizer"
	"github.com/sugarme/tokenizer/model/wordpiece"
	"golang.org/x/text/unicode/norm"
)

// Special token strings of BERT vocabularies.
const (
	CLS = "[CLS]"
	SEP = "[SEP]"
	PAD = "[PAD]"
	UNK = "[UNK]"
)

// maxCharsPerWord: longer words become one [UNK], as in BERT.
const maxCharsPerWord = 100

// Tokenizer is a BERT WordPiece tokenizer. It is immutable and safe for concurrent use.
type Tokenizer struct {
	vocab     map[string]int32
	lowercase bool
	CLSID     int32
	SEPID     int32
	PadID     int32
	UnkID     int32
	wp        wordpiece.WordPiece
	ref       *tokenizer.Tokenizer // sugarme's pipeline, see Reference
}

// Load reads a vocab.txt (one token per line, id = line number).
func Load(vocabFile string, lowercase bool) (*Tokenizer, error) {
	if _, err := os.Stat(vocabFile); err != nil {
		return nil, fmt.Errorf("tokenizer vocabulary: %w", err)
	}
	wp, err := wordpiece.NewWordPieceFromFile(vocabFile, UNK)
	if err != nil {
		return nil, fmt.Errorf("load vocabulary %s: %w", vocabFile, err)
	}
	v := wp.GetVocab()
	t := &Tokenizer{vocab: make(map[string]int32, len(v)), lowercase: lowercase, wp: wp}
	for k, id := range v {
		t.vocab[k] = int32(id)
	}
	for name, dst := range map[string]*int32{CLS: &t.CLSID, SEP: &t.SEPID, PAD: &t.PadID, UNK: &t.UnkID} {
		id, ok := t.vocab[name]
		if !ok {
			return nil, fmt.Errorf("vocabulary %s has no %s token", vocabFile, name)
		}
		*dst = id
	}
	t.ref = newReference(t)
	return t, nil
}

// VocabSize is the number of entries in the vocabulary.
func (t *Tokenizer) VocabSize() int { return len(t.vocab) }

// Encoding is a tokenized text: ids with [CLS] and [SEP], and for each token the [Start, End)
// code-point span in the encoded text (-1 for special tokens).
type Encoding struct {
	IDs    []int64
	Starts []int
	Ends   []int
	// Truncated is set when the text had more tokens than fit and the rest was left out.
	Truncated bool
	// Tokens counts all word pieces of the text, including those left out by truncation.
	Tokens int

	chars  []rune  // scratch: normalised chars of the current word
	orig   []int   // scratch: code-point offset of each char
	buf    []byte  // scratch: lookup key
	pieces []piece // scratch: pieces of the current word
}

func (e *Encoding) reset() {
	e.IDs = e.IDs[:0]
	e.Starts = e.Starts[:0]
	e.Ends = e.Ends[:0]
	e.Truncated = false
	e.Tokens = 0
}

func (e *Encoding) push(id int64, s, end int) {
	e.IDs = append(e.IDs, id)
	e.Starts = append(e.Starts, s)
	e.Ends = append(e.Ends, end)
}

// Len is the number of ids, special tokens included.
func (e *Encoding) Len() int { return len(e.IDs) }

// Encode tokenizes text into a new Encoding with at most maxLen ids (maxLen <= 0: no limit).
func (t *Tokenizer) Encode(text string, maxLen int) *Encoding {
	e := &Encoding{}
	t.EncodeInto(e, text, maxLen)
	return e
}

// EncodeInto tokenizes text into e, reusing its buffers.
func (t *Tokenizer) EncodeInto(e *Encoding, text string, maxLen int) {
	e.reset()
	e.push(int64(t.CLSID), -1, -1)
	limit := -1
	if maxLen > 0 {
		limit = maxLen - 1 // room for [SEP]
	}
	e.chars = e.chars[:0]
	e.orig = e.orig[:0]
	flush := func() {
		if len(e.chars) > 0 {
			t.wordPiece(e, limit)
			e.chars = e.chars[:0]
			e.orig = e.orig[:0]
		}
	}
	pos := 0
	for _, r := range text {
		cp := pos
		pos++
		if r == 0 || r == utf8.RuneError || isControl(r) {
			continue
		}
		if isWhitespace(r) {
			flush()
			continue
		}
		if isChinese(r) || isPunct(r) {
			flush()
			e.chars = append(e.chars, r)
			e.orig = append(e.orig, cp)
			flush()
			continue
		}
		if t.lowercase && r >= utf8.RuneSelf {
			e.appendFolded(r, cp)
			continue
		}
		if t.lowercase && r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		e.chars = append(e.chars, r)
		e.orig = append(e.orig, cp)
	}
	flush()
	e.push(int64(t.SEPID), -1, -1)
}

// appendFolded lowercases r and strips accents (NFD, drop Mn), as uncased BERT does.
// Characters produced by the fold that are punctuation split the word, like in BERT
// where punctuation splitting runs after accent stripping.
func (e *Encoding) appendFolded(r rune, cp int) {
	lr := unicode.ToLower(r)
	var tmp [8]byte
	n := utf8.EncodeRune(tmp[:], lr)
	d := norm.NFD.Bytes(tmp[:n])
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		e.chars = append(e.chars, c)
		e.orig = append(e.orig, cp)
	}
}

// wordPiece splits e.chars greedily into the longest vocabulary pieces and appends them.
// A word with a piece missing from the vocabulary becomes a single [UNK], as in BERT.
func (t *Tokenizer) wordPiece(e *Encoding, limit int) {
	chars := e.chars
	n := len(chars)
	if n > 1 {
		for i := 0; i < n; i++ {
			if isPunct(chars[i]) { // exposed by case/accent folding: split like BERT
				t.splitAtPunct(e, limit)
				return
			}
		}
	}
	first, last := e.orig[0], e.orig[n-1]+1
	if n > maxCharsPerWord {
		t.emit(e, int64(t.UnkID), first, last, limit)
		return
	}
	e.pieces = e.pieces[:0]
	for i := 0; i < n; {
		end := n
		found := int32(-1)
		for end > i {
			e.buf = e.buf[:0]
			if i > 0 {
				e.buf = append(e.buf, "##"...)
			}
			for _, c := range chars[i:end] {
				e.buf = utf8.AppendRune(e.buf, c)
			}
			if id, ok := t.vocab[string(e.buf)]; ok {
				found = id
				break
			}
			end--
		}
		if found < 0 {
			t.emit(e, int64(t.UnkID), first, last, limit)
			return
		}
		e.pieces = append(e.pieces, piece{found, e.orig[i], e.orig[end-1] + 1})
		i = end
	}
	for _, p := range e.pieces {
		t.emit(e, int64(p.id), p.s, p.e, limit)
	}
}

type piece struct {
	id   int32
	s, e int
}

func (t *Tokenizer) splitAtPunct(e *Encoding, limit int) {
	chars := append([]rune(nil), e.chars...)
	orig := append([]int(nil), e.orig...)
	s := 0
	for i := 0; i <= len(chars); i++ {
		if i == len(chars) || isPunct(chars[i]) {
			if i > s {
				e.chars, e.orig = chars[s:i], orig[s:i]
				t.wordPiece(e, limit)
			}
			if i < len(chars) {
				e.chars, e.orig = chars[i:i+1], orig[i:i+1]
				t.wordPiece(e, limit)
			}
			s = i + 1
		}
	}
	e.chars, e.orig = chars[:0], orig[:0]
}

func (t *Tokenizer) emit(e *Encoding, id int64, s, end, limit int) {
	e.Tokens++
	if limit >= 0 && len(e.IDs) >= limit {
		e.Truncated = true
		return
	}
	e.push(id, s, end)
}

// isChinese is BERT's CJK test.
func isChinese(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) ||
		(r >= 0x20000 && r <= 0x2A6DF) || (r >= 0x2A700 && r <= 0x2B73F) ||
		(r >= 0x2B740 && r <= 0x2B81F) || (r >= 0x2B820 && r <= 0x2CEAF) ||
		(r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}

// isPunct is BERT's punctuation test: all non-alphanumeric ASCII, and Unicode category P.
func isPunct(r rune) bool {
	if (r >= 33 && r <= 47) || (r >= 58 && r <= 64) || (r >= 91 && r <= 96) || (r >= 123 && r <= 126) {
		return true
	}
	return r >= utf8.RuneSelf && unicode.IsPunct(r)
}

func isWhitespace(r rune) bool {
	if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

func isControl(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}
