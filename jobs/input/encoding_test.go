package input

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// realReviews are the texts of the dated fixture (real JD reviews, testdata/dated/README.md).
func realReviews(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile("../testdata/dated/reviews_dated.csv")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ",")
		out = append(out, f[len(f)-1])
	}
	return out
}

func toGBK(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode GBK: %v", err)
	}
	return b
}

// gbkCSV writes a CSV of n real reviews (id,评论) encoded in GBK, whose first id is padded
// by pad bytes (to move where any fixed-size sample would cut a two-byte character).
func gbkCSV(t *testing.T, n, pad int) (string, []string) {
	t.Helper()
	reviews := realReviews(t)
	var b strings.Builder
	b.WriteString("id,评论\n")
	var texts []string
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("r%d", i)
		if i == 0 {
			id += strings.Repeat("x", pad)
		}
		text := reviews[i%len(reviews)]
		texts = append(texts, text)
		fmt.Fprintf(&b, "%s,%s\n", id, text)
	}
	p := filepath.Join(t.TempDir(), "gbk.csv")
	if err := os.WriteFile(p, toGBK(t, b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, texts
}

// TestGBKBeyondSample: GBK CSVs of real reviews larger than 64 KiB (the old detector's
// sample) are read as GB18030 whatever byte a 64 KiB sample would end on: every record
// comes back, equal to its text. The old detector read one of the two alignments as UTF-8
// and failed every record (issue 17: a 68 KB GBK CSV, 601 records failed).
func TestGBKBeyondSample(t *testing.T) {
	for pad := 0; pad < 2; pad++ {
		path, texts := gbkCSV(t, 1300, pad)
		if fi, _ := os.Stat(path); fi.Size() <= 64<<10 {
			t.Fatalf("the file is %d bytes, not past the 64 KiB sample", fi.Size())
		}
		recs, _, r := readAll(t, path, Options{}, Position{})
		if r.Encoding() != GB18030 {
			t.Errorf("pad %d: encoding %s, want %s", pad, r.Encoding(), GB18030)
		}
		if len(recs) != len(texts) {
			t.Fatalf("pad %d: %d records, want %d", pad, len(recs), len(texts))
		}
		for i, rec := range recs {
			if rec.Err != nil || rec.Text != texts[i] {
				t.Fatalf("pad %d record %d: %+v, want text %q", pad, i, rec, texts[i])
			}
		}
	}
}

// TestDetectEncoding: each file's encoding is decided on whole lines over the whole file.
func TestDetectEncoding(t *testing.T) {
	rev := realReviews(t)
	gbk := func(s string) string { return string(toGBK(t, s)) }
	f := func(name, content, want string) {
		t.Helper()
		p := filepath.Join(t.TempDir(), "f.txt")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, _, err := detectFileEncoding(p)
		var ie *Error
		if want == CodeMixedEncoding {
			if !errors.As(err, &ie) || ie.Code != CodeMixedEncoding || !strings.Contains(err.Error(), "--encoding") {
				t.Errorf("%s: %q, %v; want a mixed_encoding error naming --encoding", name, got, err)
			}
			return
		}
		if err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	f("ascii", "id,text\n1,ok\n", UTF8)
	f("empty", "", UTF8)
	f("utf-8 reviews", strings.Join(rev, "\n"), UTF8)
	f("utf-8 with BOM", "\xef\xbb\xbf"+strings.Join(rev[:5], "\n"), UTF8)
	f("gbk reviews", gbk(strings.Join(rev, "\n")), GB18030)
	f("gbk CRLF", gbk(strings.Join(rev, "\r\n")), GB18030)
	f("gbk, last line without newline", gbk(strings.Join(rev[:3], "\n")), GB18030)
	f("gbk after 100 KB of ASCII", strings.Repeat("ascii only line\n", 7000)+gbk(rev[0]), GB18030)
	f("utf-8 with one corrupt line", strings.Join(rev[:5], "\n")+"\n\xff\xfe bad\n", UTF8)
	f("utf-8 then gbk", strings.Join(rev[:20], "\n")+"\n"+gbk(strings.Join(rev[20:40], "\n")), CodeMixedEncoding)
	f("gbk then utf-8", gbk(strings.Join(rev[:20], "\n"))+"\n"+strings.Join(rev[20:40], "\n"), CodeMixedEncoding)
}

// TestEncodingOption: --encoding overrides detection: a mixed file read as gbk gives its GBK
// lines and bad records (invalid_gbk) for bytes GB18030 cannot read; read as utf-8 its GBK
// lines stay invalid UTF-8, which the engine refuses (invalid_utf8); auto refuses it whole.
func TestEncodingOption(t *testing.T) {
	rev := realReviews(t)
	content := "id,text\n" + "u1," + rev[0] + "\n" + string(toGBK(t, "g1,"+rev[1]+"\n")) + "b1,\xff\xff坏\n"
	p := filepath.Join(t.TempDir(), "mixed.csv")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(p, Options{}, Position{}); err == nil || !strings.Contains(err.Error(), CodeMixedEncoding) {
		t.Fatalf("auto on a mixed file: %v", err)
	}
	if _, err := Open(p, Options{Encoding: "latin-1"}, Position{}); err == nil {
		t.Fatal("an unknown encoding was accepted")
	}
	read := func(enc string) (string, []Record) {
		recs, _, r := readAll(t, p, Options{Encoding: enc}, Position{})
		return r.Encoding(), recs
	}
	enc, recs := read("gbk")
	if enc != GB18030 || len(recs) != 3 || recs[1].Err != nil || recs[1].Text != rev[1] || recs[2].Err == nil || recs[2].Err.Code != CodeInvalidGBK {
		t.Errorf("--encoding gbk: %s %+v; want the GBK line read and the bad one refused (invalid_gbk)", enc, recs)
	}
	enc, recs = read("utf-8")
	// Bytes that are not UTF-8 in CSV text reach the engine, which refuses the record
	// (invalid_utf8) unless --repair-utf8.
	if enc != UTF8 || len(recs) != 3 || recs[0].Text != rev[0] || utf8.ValidString(recs[1].Text) || utf8.ValidString(recs[2].Text) {
		t.Errorf("--encoding utf-8: %s %+v; want the UTF-8 line read and the others left invalid for the engine to refuse", enc, recs)
	}
}

// FuzzScanEncoding: any bytes get a verdict (no panic); valid UTF-8 is UTF-8; real text
// encoded as GBK that is not valid UTF-8 is GB18030; validGB18030 accepts every GBK
// encoding of text.
func FuzzScanEncoding(f *testing.F) {
	f.Add([]byte("id,评论\n1,很好\n"), "屏幕很清晰")
	f.Add(toGBK(f, "送餐晚了半个小时\n"), "电池不耐用")
	f.Add([]byte("\xff\xfe\x00"), "")
	f.Add([]byte("a\r\nb"), "待机时间长。")
	f.Fuzz(func(t *testing.T, b []byte, text string) {
		enc, err := scanEncoding("fuzz", strings.NewReader(string(b)))
		if err == nil && enc != UTF8 && enc != GB18030 {
			t.Fatalf("verdict %q", enc)
		}
		if utf8.Valid(b) && (err != nil || enc != UTF8) {
			t.Fatalf("valid UTF-8 %q: %q, %v", b, enc, err)
		}
		if !utf8.ValidString(text) {
			return
		}
		g, gerr := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
		if gerr != nil {
			return // not all of it is in GBK
		}
		if !validGB18030(g) {
			t.Fatalf("validGB18030 refuses the GBK encoding % x of %q", g, text)
		}
		enc, err = scanEncoding("fuzz", strings.NewReader(string(g)))
		if !utf8.Valid(g) && (err != nil || enc != GB18030) {
			t.Fatalf("GBK of %q: %q, %v", text, enc, err)
		}
	})
}
