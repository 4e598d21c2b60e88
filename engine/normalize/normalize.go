package normalize

import (
	"errors"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidUTF8 is returned in strict mode for input that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("text is not valid UTF-8")

// ErrEmpty is returned when nothing but spaces and control characters is left.
var ErrEmpty = errors.New("text is empty after normalisation")

// Options controls normalisation. The zero value repairs invalid UTF-8.
type Options struct {
	// Strict rejects invalid UTF-8 instead of replacing each bad byte with U+FFFD.
	Strict bool
}

// Text is normalised text with an offset map back into the original.
type Text struct {
	// Text is the normalised string.
	Text string
	// Orig[i] is the code-point offset, in the original text, of the i-th code point of Text.
	// len(Orig) == number of code points in Text + 1; the last entry is the original's length.
	Orig []int
	// Repaired counts invalid bytes replaced by U+FFFD.
	Repaired int
}

// Runes returns the number of code points of the normalised text.
func (t *Text) Runes() int { return len(t.Orig) - 1 }

// OrigSpan maps a [start, end) code-point span of the normalised text to the original text.
func (t *Text) OrigSpan(start, end int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > len(t.Orig)-1 {
		end = len(t.Orig) - 1
	}
	if start > end {
		start = end
	}
	s := t.Orig[start]
	e := t.Orig[end]
	if end > start {
		// end is exclusive: one past the original code point of the last kept rune.
		e = t.Orig[end-1] + 1
	}
	return s, e
}

// IsSpace reports whether r is any Unicode space (including U+3000 and NBSP) or a line break.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// isDropped reports format/control characters that carry no meaning in review text.
// ZWJ (U+200D) and variation selectors are kept: they are part of emoji sequences.
func isDropped(r rune) bool {
	switch {
	case r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F):
		return false
	case r == 0xFEFF || r == 0x200B || r == 0x200C || r == 0x2060 || r == 0x00AD:
		return true
	case unicode.Is(unicode.Cc, r):
		return true
	case unicode.Is(unicode.Cf, r) && !(r >= 0xE0020 && r <= 0xE007F): // keep emoji tag sequences
		return true
	}
	return false
}

// Width folds full-width ASCII variants (U+FF01–U+FF5E: ＡＢＣ１２３＠＃％…) to ASCII.
// The full-width punctuation that is the standard form in Chinese writing (！（），：；？～)
// is kept as written: it is what the models were trained on, and folding it would shift
// their input for no gain.
func Width(r rune) rune {
	switch r {
	case '！', '（', '）', '，', '：', '；', '？', '～':
		return r
	}
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFF01 + 0x21
	}
	return r
}

// String normalises s. The result never starts or ends with a space.
func String(s string, opt Options) (Text, error) {
	out := make([]byte, 0, len(s))
	orig := make([]int, 0, len(s)/2+1)
	var t Text
	pendingSpace := -1 // original offset of a space run waiting to be written
	i, n := 0, 0       // byte index, original code-point index
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if opt.Strict {
				return Text{}, ErrInvalidUTF8
			}
			t.Repaired++
		}
		i += size
		cp := n
		n++
		if IsSpace(r) {
			if pendingSpace < 0 {
				pendingSpace = cp
			}
			continue
		}
		if isDropped(r) {
			continue
		}
		if pendingSpace >= 0 {
			if len(out) > 0 {
				out = append(out, ' ')
				orig = append(orig, pendingSpace)
			}
			pendingSpace = -1
		}
		out = utf8.AppendRune(out, Width(r))
		orig = append(orig, cp)
	}
	if len(out) == 0 {
		return Text{}, ErrEmpty
	}
	orig = append(orig, n)
	t.Text = string(out)
	t.Orig = orig
	return t, nil
}
