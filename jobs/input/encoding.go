package input

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encoding choices of Options.Encoding (--encoding). GBK is read with the GB18030 decoder
// (a superset), so both name GB18030.
const EncodingAuto = "auto"

// CodeMixedEncoding is the file error of a file whose lines are partly UTF-8 and partly
// GBK/GB18030 (Options.Encoding auto): it is refused whole, as no one decoding reads it.
const CodeMixedEncoding = "mixed_encoding"

// CodeInvalidGBK is the record error of a line of a GBK/GB18030 file whose bytes are not
// GB18030 (decoding would silently give U+FFFD).
const CodeInvalidGBK = "invalid_gbk"

// ParseEncoding reads an --encoding value: auto (or ""), utf-8 (utf8), gbk, gb18030 (gb2312
// is read as GB18030 too). It returns EncodingAuto, UTF8 or GB18030.
func ParseEncoding(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", EncodingAuto:
		return EncodingAuto, nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "gbk", "gb18030", "gb2312", "cp936":
		return GB18030, nil
	}
	return "", fmt.Errorf("encoding %q: want auto, utf-8, gbk or gb18030", s)
}

// validGB18030 reports whether b is a sequence of whole GB18030 characters (GBK's
// two-byte ones included): ASCII, lead 0x81–0xFE with a trail 0x40–0x7E or 0x80–0xFE, or the
// four-byte form [81–FE][30–39][81–FE][30–39].
func validGB18030(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
		case c == 0x80 || c == 0xFF || i+1 >= len(b):
			return false
		case b[i+1] >= 0x40 && b[i+1] <= 0xFE && b[i+1] != 0x7F:
			i += 2
		case b[i+1] >= 0x30 && b[i+1] <= 0x39:
			if i+3 >= len(b) || b[i+2] < 0x81 || b[i+2] > 0xFE || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return false
			}
			i += 4
		default:
			return false
		}
	}
	return true
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// encodingScan counts the lines of a file by what can read them.
type encodingScan struct {
	utf8Only, gbOnly int // lines only UTF-8 reads (non-ASCII), lines only GB18030 reads
	neither          int // lines neither reads
	firstUTF8        int // line numbers (1-based) of the first of each kind
	firstGB          int
	firstNeither     int
}

func (s *encodingScan) line(b []byte, n int) {
	b = bytes.TrimSuffix(b, []byte("\r"))
	if isASCII(b) {
		return
	}
	u, g := utf8.Valid(b), validGB18030(b)
	switch {
	case u && !g:
		if s.utf8Only == 0 {
			s.firstUTF8 = n
		}
		s.utf8Only++
	case g && !u:
		if s.gbOnly == 0 {
			s.firstGB = n
		}
		s.gbOnly++
	case !u && !g:
		if s.neither == 0 {
			s.firstNeither = n
		}
		s.neither++
	}
	// Both read it (a GBK line that happens to be valid UTF-8, or the reverse): it does not
	// decide anything.
}

// decide: GB18030 when some lines only GB18030 reads and none only UTF-8 reads; UTF-8 when
// no line needs GB18030 (lines neither reads become per-record invalid_utf8 errors); a
// mixed file is an error.
func (s *encodingScan) decide(path string) (string, error) {
	switch {
	case s.gbOnly == 0:
		return UTF8, nil
	case s.utf8Only == 0:
		return GB18030, nil
	}
	return "", fileError(path, CodeMixedEncoding, fmt.Sprintf("the file mixes UTF-8 (%d lines, the first at line %d) and GBK/GB18030 (%d lines, the first at line %d), so no one decoding reads it; convert it to one encoding, or pass --encoding utf-8 or gbk to read it as one (lines in the other become bad records)", s.utf8Only, s.firstUTF8, s.gbOnly, s.firstGB))
}

// maxScanLine is the most of one line the encoding scan classifies (the rest of a longer
// line is skipped; such a line is a bad record anyway unless MaxRecordBytes is raised).
const maxScanLine = 4 << 20

// scanEncoding reads r to its end line by line and decides its encoding (decide).
func scanEncoding(path string, r io.Reader) (string, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	var sc encodingScan
	var long []byte
	n := 0
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(long) < maxScanLine {
				long = append(long, chunk...)
			}
			continue
		}
		if len(chunk) > 0 || long != nil {
			n++
			line := chunk
			if long != nil {
				if len(long) < maxScanLine {
					long = append(long, chunk...)
				}
				line, long = long, nil
			}
			sc.line(bytes.TrimSuffix(line, []byte("\n")), n)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", &readError{path, err}
		}
	}
	return sc.decide(path)
}

// detectFileEncoding reads the whole file (un-gzipped), skipping a UTF-8 byte-order mark,
// and decides its encoding on line boundaries: one pass, in constant memory. A gzip file
// is verified on the way (its CRC-32 and length): gzipped says so, and a corrupt one is
// refused with bad_gzip as verifyGzip does.
func detectFileEncoding(path string) (enc string, gzipped bool, err error) {
	f, err := OpenFile(path)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return "", true, fileError(path, CodeBadGzip, fmt.Sprintf("not a readable gzip stream (%v); none of its records were analysed", err))
		}
		defer zr.Close()
		r, gzipped = zr, true
	}
	enc, err = scanEncoding(path, skipBOM(r))
	var rerr *readError
	if gzipped && errors.As(err, &rerr) {
		e := rerr.err
		if errors.Is(e, io.EOF) {
			e = io.ErrUnexpectedEOF
		}
		return "", true, fileError(path, CodeBadGzip, fmt.Sprintf("the gzip stream is corrupt or truncated (%v); the whole file is refused and none of its records were analysed", e))
	}
	return enc, gzipped, err
}

// readError is a read failure of scanEncoding (not a verdict on the encoding).
type readError struct {
	path string
	err  error
}

func (e *readError) Error() string {
	return fmt.Sprintf("read input %s to detect its encoding: %v", e.path, e.err)
}
func (e *readError) Unwrap() error { return e.err }

func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	return br
}

// gbChecked refuses records of a GB18030-decoded file whose text holds U+FFFD: bytes that
// are not GB18030, which the decoder silently replaced.
type gbChecked struct{ Reader }

func (r gbChecked) Next() (Record, error) {
	rec, err := r.Reader.Next()
	if err == nil && rec.Err == nil && strings.ContainsRune(rec.Text, utf8.RuneError) {
		rec.Err = &Error{Code: CodeInvalidGBK, Message: fmt.Sprintf("line %d holds bytes that are not GBK/GB18030 (they would silently become U+FFFD); check the file's encoding (--encoding)", rec.Line)}
		rec.Text = ""
	}
	return rec, err
}

// DetectEncoding decides the encoding of the file at path as Options.Encoding auto does
// (UTF8 or GB18030; a mixed file is an *Error with code mixed_encoding).
func DetectEncoding(path string) (string, error) {
	enc, _, err := detectFileEncoding(path)
	return enc, err
}

// GB18030Lines decodes r from GB18030 (GBK) to UTF-8 line by line. A line holding bytes
// GB18030 cannot read is passed through undecoded, so that a UTF-8 reader refuses it
// (invalid_utf8) instead of receiving U+FFFD (analyze --input --encoding gbk).
func GB18030Lines(r io.Reader) io.Reader {
	return &gbLines{br: bufio.NewReaderSize(r, 1<<20)}
}

type gbLines struct {
	br  *bufio.Reader
	out []byte
	err error
}

func (g *gbLines) Read(p []byte) (int, error) {
	for len(g.out) == 0 {
		if g.err != nil {
			return 0, g.err
		}
		line, err := g.br.ReadBytes('\n')
		g.err = err
		if len(line) == 0 {
			continue
		}
		if validGB18030(line) {
			if dec, derr := simplifiedchinese.GB18030.NewDecoder().Bytes(line); derr == nil && !bytes.ContainsRune(dec, utf8.RuneError) {
				line = dec
			}
		}
		g.out = line
	}
	n := copy(p, g.out)
	g.out = g.out[n:]
	return n, nil
}
