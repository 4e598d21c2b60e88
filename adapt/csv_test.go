package adapt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/tingzhen/tingzhen/jobs/input"
)

// TestReadFileSmall: the committed slice's four bad rows come back with their lines and
// reasons, every label spelling is read, the rest are kept in file order.
func TestReadFileSmall(t *testing.T) {
	d, err := ReadFile("testdata/labels_small.csv", "auto")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Header || d.Encoding != input.UTF8 || d.Read != 46 || len(d.Rows) != 42 {
		t.Fatalf("header %v encoding %s read %d rows %d; want true utf-8 46 42", d.Header, d.Encoding, d.Read, len(d.Rows))
	}
	want := []struct {
		line int
		code string
	}{{6, "empty_text"}, {10, "unknown_label"}, {15, "column_count"}, {21, "duplicate"}}
	if len(d.Skipped) != len(want) {
		t.Fatalf("skipped %v, want %v", d.Skipped, want)
	}
	for i, w := range want {
		if d.Skipped[i].Line != w.line || d.Skipped[i].Code != w.code {
			t.Errorf("skipped[%d] = %v (%s), want line %d %s", i, d.Skipped[i], d.Skipped[i].Code, w.line, w.code)
		}
	}
	if c := d.Counts(); c[Positive] != 21 || c[Negative] != 21 {
		t.Errorf("counts %v, want 21 positive 21 negative", c)
	}
	if d.Rows[0].Line != 2 || d.Rows[0].Label != Positive || d.Rows[1].Label != Negative {
		t.Errorf("first rows %v", d.Rows[:2])
	}
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadFileForms: header or not, column order, TSV, GBK, invalid UTF-8, quoting.
func TestReadFileForms(t *testing.T) {
	f := func(name, encoding string, content []byte, wantRows string, wantSkipped string) {
		t.Helper()
		d, err := ReadFile(writeFile(t, name, content), encoding)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var rows, skipped []string
		for _, r := range d.Rows {
			rows = append(rows, r.Text+"="+r.Label)
		}
		for _, e := range d.Skipped {
			skipped = append(skipped, e.String()[:strings.Index(e.String(), ":")]+" "+e.Code)
		}
		if got := strings.Join(rows, "|"); got != wantRows {
			t.Errorf("%s rows:\n got %s\nwant %s", name, got, wantRows)
		}
		if got := strings.Join(skipped, "|"); got != wantSkipped {
			t.Errorf("%s skipped:\n got %s\nwant %s", name, got, wantSkipped)
		}
	}
	f("a.csv", "auto", []byte("物流太慢了,负面\n包装很结实,正面\n"), "物流太慢了=negative|包装很结实=positive", "")
	f("b.csv", "auto", []byte("label,id,review\n0,7,物流太慢了\n1,8,包装很结实\n1,9\n"), "物流太慢了=negative|包装很结实=positive", "line 4 column_count")
	f("c.tsv", "auto", []byte("文本\t标签\n骑手态度很好，饭还热着\tpos\n请问几点送到\tneu\n"), "骑手态度很好，饭还热着=positive|请问几点送到=neutral", "")
	f("d.csv", "auto", []byte("\"质量不错，价格也合适\",positive\n\"他说\"\"还行\"\"\",2\n"), "质量不错，价格也合适=positive", "line 2 unknown_label")
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("text,label\n物流太慢了,负面\n包装很结实,正面\n"))
	f("gbk.csv", "auto", gbk, "物流太慢了=negative|包装很结实=positive", "")
	f("bad.csv", "utf-8", []byte("物流太慢了,负面\n\xff\xfe坏了,negative\n包装很结实,正面\n"), "物流太慢了=negative|包装很结实=positive", "line 2 invalid_utf8")
	f("bom.csv", "auto", []byte("\xef\xbb\xbftext,label\n物流太慢了,neg\n"), "物流太慢了=negative", "")
	f("quote.csv", "auto", []byte("物流太慢了,neg\n包装\"很\"结实\"x,pos\n还行吧,neu\n"), "物流太慢了=negative|还行吧=neutral", "line 2 bad_csv")
	f("conflict.csv", "auto", []byte("物流太慢了,neg\n物流太慢了,pos\n"), "物流太慢了=negative", "line 2 conflicting_label")
}

// TestReadFileGBKBadLine: in a GBK file, a line GB18030 cannot read is skipped as
// invalid_utf8 with its line; the others are decoded.
func TestReadFileGBKBadLine(t *testing.T) {
	var b bytes.Buffer
	good, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("物流太慢了,负面\n包装很结实,正面\n"))
	b.Write(good)
	b.WriteString("\x81\x20坏,neg\n") // a lead byte with a trail byte no GB18030 character has
	more, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("骑手态度很好,正面\n"))
	b.Write(more)
	d, err := ReadFile(writeFile(t, "gbk_bad.csv", b.Bytes()), "gbk")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Rows) != 3 || len(d.Skipped) != 1 || d.Skipped[0].Line != 3 || d.Skipped[0].Code != "invalid_utf8" {
		t.Fatalf("rows %v skipped %v", d.Rows, d.Skipped)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"text,label\n物流太慢了,负面\n", "a,b,c\n\"x\n", "\xff,1\n", ",\n,,\n", "\"\"\"\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := &Data{}
		if err := d.parse(bytes.NewReader(b), ','); err != nil {
			return
		}
		for _, r := range d.Rows {
			if !utf8.ValidString(r.Text) || strings.TrimSpace(r.Text) == "" || r.Line < 1 {
				t.Fatalf("bad row %+v", r)
			}
			if r.Label != Negative && r.Label != Neutral && r.Label != Positive {
				t.Fatalf("label %q", r.Label)
			}
		}
		for _, e := range d.Skipped {
			if e.Line < 1 || e.Code == "" {
				t.Fatalf("bad skip %+v", e)
			}
		}
	})
}
