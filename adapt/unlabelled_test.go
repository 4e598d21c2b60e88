package adapt

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestReadUnlabelled: one text a line; blank lines ignored, repeats and invalid UTF-8
// skipped with their lines, GBK and gzip read, the rest kept in file order.
func TestReadUnlabelled(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("物流很快\n包装破了\n"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("味道不错\n送餐太慢了\n"))
	zw.Close()
	f := func(name string, content []byte, wantTexts, wantSkipped string) {
		t.Helper()
		u, err := ReadUnlabelled(writeFile(t, name, content), "auto")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var sk []string
		for _, e := range u.Skipped {
			sk = append(sk, fmt.Sprintf("%d:%s", e.Line, e.Code))
		}
		if got := strings.Join(u.Texts, "|"); got != wantTexts {
			t.Errorf("%s: texts %q, want %q", name, got, wantTexts)
		}
		if got := strings.Join(sk, ","); got != wantSkipped {
			t.Errorf("%s: skipped %q, want %q", name, got, wantSkipped)
		}
	}
	f("a.txt", []byte("\xef\xbb\xbf物流很快\n\n  包装破了  \n物流很快\r\n客服态度好"), "物流很快|包装破了|客服态度好", "4:duplicate")
	f("b.txt", []byte("物流很快，包装也很结实，下次还来买\n坏\xff了\n客服态度好\n"), "物流很快，包装也很结实，下次还来买|客服态度好", "2:invalid_utf8")
	f("c.txt", gbk, "物流很快|包装破了", "")
	f("d.txt.gz", gz.Bytes(), "味道不错|送餐太慢了", "")
	f("e.txt", []byte(strings.Repeat("好", MaxUnlabelledBytes)+"\n客服态度好\n"), "客服态度好", "1:too_long")
}

// TestUnlabelledDropLabelled: a text that is also a training or held-out row is not given
// to the trainer.
func TestUnlabelledDropLabelled(t *testing.T) {
	u := &Unlabelled{Texts: []string{"物流很快", "包装破了", "客服态度好"}}
	texts, dropped := u.dropLabelled([]Row{{Text: "物流很快", Label: Positive}}, []Row{{Text: "客服态度好", Label: Positive}})
	if strings.Join(texts, "|") != "包装破了" || dropped != 2 {
		t.Errorf("texts %v dropped %d", texts, dropped)
	}
}

func FuzzUnlabelled(f *testing.F) {
	for _, s := range []string{"物流很快\n包装破了\n", "\n\n", "\xff\n好\n好", "\xef\xbb\xbf\r\n a \r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		u := &Unlabelled{}
		if err := u.parse(bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, s := range u.Texts {
			if !utf8.ValidString(s) || strings.TrimSpace(s) != s || s == "" || seen[s] || u.Lines[i] < 1 {
				t.Fatalf("bad text %q at line %d", s, u.Lines[i])
			}
			seen[s] = true
		}
		if len(u.Texts)+len(u.Skipped) != u.Read {
			t.Fatalf("%d texts + %d skipped != %d read", len(u.Texts), len(u.Skipped), u.Read)
		}
	})
}

// ReadFile and ReadUnlabelled name their file in the errors of reading it (openText).
func TestOpenTextErrors(t *testing.T) {
	badGz := writeFile(t, "bad.txt.gz", append([]byte{0x1f, 0x8b}, "坏"...))
	missing := filepath.Join(t.TempDir(), "缺失.csv")
	f := func(path, encoding, wantLabels, wantUnlabelled string) {
		t.Helper()
		if _, err := ReadFile(path, encoding); err == nil || !strings.Contains(err.Error(), wantLabels) {
			t.Errorf("ReadFile(%s, %q): %v, want %q", path, encoding, err, wantLabels)
		}
		if _, err := ReadUnlabelled(path, encoding); err == nil || !strings.Contains(err.Error(), wantUnlabelled) {
			t.Errorf("ReadUnlabelled(%s, %q): %v, want %q", path, encoding, err, wantUnlabelled)
		}
	}
	f(missing, "auto", "read labels "+missing+": ", "read unlabelled texts "+missing+": ")
	f(badGz, "utf-8", "labels "+badGz+": not a readable gzip stream", "unlabelled texts "+badGz+": not a readable gzip stream")
	f(badGz, "latin1", "latin1", "latin1")
}

// TestReadUnlabelledCSV: a .csv/.tsv of unlabelled texts has a header naming the text
// column (other columns ignored); each bad row is skipped with its line and a code, the
// rest go on; a file without such a header is an error that says what to do.
func TestReadUnlabelledCSV(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("id,评论\n1,味道不错\n2,\"送餐太慢了,汤也洒了\"\n"))
	zw.Close()
	f := func(name, content, wantTexts, wantSkipped string) {
		t.Helper()
		u, err := ReadUnlabelled(writeFile(t, name, []byte(content)), "auto")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var sk []string
		for _, e := range u.Skipped {
			sk = append(sk, fmt.Sprintf("%d:%s", e.Line, e.Code))
		}
		if got := strings.Join(u.Texts, "|"); got != wantTexts {
			t.Errorf("%s: texts %q, want %q", name, got, wantTexts)
		}
		if got := strings.Join(sk, ","); got != wantSkipped {
			t.Errorf("%s: skipped %q, want %q", name, got, wantSkipped)
		}
		if len(u.Texts)+len(u.Skipped) != u.Read {
			t.Errorf("%s: %d texts + %d skipped != %d read", name, len(u.Texts), len(u.Skipped), u.Read)
		}
	}
	// A labelled export given as it is: the label column is ignored; a comma inside quotes
	// is part of the text.
	f("a.csv", "text,label\n物流很快,positive\n\"包装破了,客服也不理人\",negative\n", "物流很快|包装破了,客服也不理人", "")
	// One bad row each: three columns, an empty text, a repeat, invalid UTF-8, a bare quote.
	f("b.csv", "\xef\xbb\xbf内容,渠道\n物流很快,app\n包装破了,app,多余\n ,web\n物流很快,web\n坏\xff了,app\n客服\"态度\"好,app\n送餐太慢了,web\n",
		"物流很快|送餐太慢了", "3:column_count,4:empty_text,5:duplicate,6:invalid_utf8,7:bad_csv")
	f("c.tsv", "review\tstars\n物流很快, 包装也结实\t5\n\n包装破了\t1\n", "物流很快, 包装也结实|包装破了", "")
	f("d.csv.gz", gz.String(), "味道不错|送餐太慢了,汤也洒了", "")
	f("e.csv", "text\n"+strings.Repeat("好", MaxUnlabelledBytes)+"\n客服态度好\n", "客服态度好", "2:too_long")

	bad := func(name, content, want string) {
		t.Helper()
		if _, err := ReadUnlabelled(writeFile(t, name, []byte(content)), "auto"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error holding %q", name, err, want)
		}
	}
	bad("noheader.csv", "物流很快,positive\n包装破了,negative\n", "line 1: want a header row naming the text column")
	bad("empty.csv", "", "no header row")
}

func FuzzUnlabelledCSV(f *testing.F) {
	for _, s := range []string{"text\n物流很快\n包装破了\n", "评论,标签\n\"a,b\",1\n坏\"了,2\n", "text\n\n\n", "id\n1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		u := &Unlabelled{}
		if err := u.parseCSV(bytes.NewReader(b), ','); err != nil {
			return // a file without a usable header is refused as a whole
		}
		seen := map[string]bool{}
		for i, s := range u.Texts {
			if !utf8.ValidString(s) || strings.TrimSpace(s) != s || s == "" || seen[s] || u.Lines[i] < 1 {
				t.Fatalf("bad text %q at line %d", s, u.Lines[i])
			}
			seen[s] = true
		}
		if len(u.Texts)+len(u.Skipped) != u.Read {
			t.Fatalf("%d texts + %d skipped != %d read", len(u.Texts), len(u.Skipped), u.Read)
		}
	})
}
