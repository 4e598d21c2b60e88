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

// TestJSONLineError: a bad JSON line's message names the character as written (not the
// first byte of its UTF-8 form, as encoding/json does), where, and what comes before it; a
// line that is JSON but no object says what it is instead.
func TestJSONLineError(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		rec := ParseJSON([]byte(in), Options{})
		if rec.Err == nil || rec.Err.Code != "bad_json" || rec.Err.Message != want {
			t.Errorf("ParseJSON(%q) error %+v\nwant bad_json %q", in, rec.Err, want)
		}
	}
	f(`{"id":"b","text": 物流}`, `not valid JSON: invalid character '物' looking for beginning of value (at byte 19, after "{\"id\":\"b\",\"text\": ")`)
	f(`{"text":"好吃"`, `not valid JSON: unexpected end of JSON input (at byte 16, after "{\"text\":\"好吃")`)
	f(`{"id":"a","text":"物流很快"}}`, `not valid JSON: invalid character '}' after top-level value (at byte 33, after "\",\"text\":\"物流很快\"}")`)
	f(`id,text`, `not valid JSON: invalid character 'i' looking for beginning of value (at byte 1)`)
	f(`[1,2]`, `not a JSON object but a JSON array: each line must be one object such as {"id": "1", "text": "…"}`)
	f(`"物流很快"`, `not a JSON object but a JSON string: each line must be one object such as {"id": "1", "text": "…"}`)
	f(`42`, `not a JSON object but a JSON number: each line must be one object such as {"id": "1", "text": "…"}`)
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
