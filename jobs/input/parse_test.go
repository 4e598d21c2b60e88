package input

import (
	"strings"
	"testing"
)

func TestParseJSON(t *testing.T) {
	f := func(in string, opt Options, wantID, wantText, wantErr string) {
		t.Helper()
		rec := ParseJSON([]byte(in), opt)
		code := ""
		if rec.Err != nil {
			code = rec.Err.Code
		}
		if rec.ID != wantID || rec.Text != wantText || code != wantErr || rec.Line != 1 {
			t.Fatalf("ParseJSON(%q) = id %q text %q err %q line %d; want %q %q %q", in, rec.ID, rec.Text, code, rec.Line, wantID, wantText, wantErr)
		}
	}
	f(`{"id":"f1","text":"送餐员辛苦，奶茶好喝"}`, Options{}, "f1", "送餐员辛苦，奶茶好喝", "")
	f(`{"id":7,"评论":"等了两个小时才送到"}`, Options{}, "7", "等了两个小时才送到", "")
	f(`{"no":"x1","body":"味道不错"}`, Options{IDField: "no", TextField: "body"}, "x1", "味道不错", "")
	f(`{"id":"f4","text":`, Options{}, "", "", "bad_json")
	f(`{"id":"f5"}`, Options{}, "f5", "", "missing_text")
	f(`   `, Options{}, "", "", "missing_text")
	f(`{"id":"f6","text":"`+strings.Repeat("好", 100)+`"}`, Options{MaxRecordBytes: 64}, "", "", "record_too_long")
	rec := ParseJSON([]byte(`{"id":"f7","text":"很好吃","渠道":"app","品牌":"美团","time":"2024-11-03"}`), Options{})
	if rec.Dims.Channel != "app" || rec.Dims.Brand != "美团" || rec.Time != "2024-11-03" {
		t.Fatalf("dims and time: %+v", rec)
	}
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"id":"f1","text":"送餐员辛苦，奶茶好喝"}`))
	f.Add([]byte(`{"text":"\ud800"}`))
	f.Add([]byte(`[1,2]`))
	f.Add([]byte(`{"text":"包装太差","aspects":["包装",""]}`))
	f.Add([]byte(`{"text":"包装太差","aspects":"包装"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rec := ParseJSON(b, Options{})
		if rec.Line != 1 || (rec.Err != nil && (rec.Text != "" || rec.Aspects != nil)) {
			t.Fatalf("ParseJSON(%q) = %+v", b, rec)
		}
	})
}
