package textcheck

import (
	"fmt"
	"unicode/utf8"
)

// LoneSurrogate finds the first \uXXXX escape in JSON text b that is half of a UTF-16
// surrogate pair without its other half (\ud800 alone, a high surrogate followed by
// anything but a low one, a low surrogate alone). Such an escape is not a character:
// encoding/json silently decodes it to U+FFFD, so readers that accept JSON records reject
// the record instead (code invalid_utf8). b must be JSON that parsed (outside strings a
// backslash cannot occur). It returns the escape as written and its byte offset in b.
func LoneSurrogate(b []byte) (esc string, offset int, found bool) {
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if i+1 >= len(b) || b[i+1] != 'u' {
			i++ // a two-byte escape such as \\ or \"
			continue
		}
		r, ok := hex4(b, i+2)
		if !ok {
			i++
			continue
		}
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
				if lo, ok := hex4(b, i+8); ok && lo >= 0xDC00 && lo <= 0xDFFF {
					i += 11 // a valid pair
					continue
				}
			}
			return string(b[i : i+6]), i, true
		case r >= 0xDC00 && r <= 0xDFFF:
			return string(b[i : i+6]), i, true
		}
		i += 5
	}
	return "", 0, false
}

// BadText says why JSON text b cannot be decoded without loss, or "" when it can: bytes
// that are not UTF-8 (encoding/json would turn them into U+FFFD) or a lone surrogate
// escape (LoneSurrogate). Readers of JSON bodies (the server's analyze, jobs and
// transcript routes) call it before decoding so that text is refused, never mangled.
func BadText(b []byte) string {
	if off := InvalidUTF8At(b); off >= 0 {
		return fmt.Sprintf("byte %d is not valid UTF-8 (convert the text to UTF-8; it would silently become U+FFFD)", off)
	}
	if esc, off, bad := LoneSurrogate(b); bad {
		return fmt.Sprintf("the JSON escape %s at byte %d is half of a UTF-16 surrogate pair, not a character (it would silently become U+FFFD)", esc, off)
	}
	return ""
}

// hex4 reads four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// InvalidUTF8At is the byte offset of the first byte of b that does not start a valid
// UTF-8 sequence, or -1 when b is valid UTF-8.
func InvalidUTF8At(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	off := 0
	for off < len(b) {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return off
}
