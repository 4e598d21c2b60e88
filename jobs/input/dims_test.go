package input

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// readAll reads every record of a file written with body.
func readAllRecords(t *testing.T, name, body string, opt Options) []Record {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p, opt, Position{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

// TestJSONLTimeDimsRole: the event time, dims, tags and role come from their usual keys
// (or the ones Options name) of real-review JSONL lines.
func TestJSONLTimeDimsRole(t *testing.T) {
	f := func(line string, opt Options, want string) {
		t.Helper()
		recs := readAllRecords(t, "in.jsonl", line+"\n", opt)
		if len(recs) != 1 {
			t.Fatalf("%s: %d records", line, len(recs))
		}
		r := recs[0]
		if got := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%v", r.Time, r.Role, r.Dims.Channel, r.Dims.Brand, r.Dims.Product, r.Dims.Store, r.Dims.Region, r.Dims.Segment, r.Dims.Tags); got != want {
			t.Errorf("%s:\n got %s\nwant %s", line, got, want)
		}
	}
	f(`{"id":"1","text":"送餐太慢了","time":"2024-11-03 18:20","channel":"美团","brand":"本品牌"}`, Options{}, "2024-11-03 18:20||美团|本品牌|||||[]")
	f(`{"text":"送餐太慢了","日期":"2024年11月3日","渠道":"饿了么","门店":"朝阳店","区域":"华北","标签":"差评，回访"}`, Options{}, "2024年11月3日||饿了么|||朝阳店|华北||[差评 回访]")
	f(`{"text":"送餐太慢了","created_at":1730600000,"tags":["a"," b ",""],"segment":"VIP"}`, Options{}, "1730600000|||||||VIP|[a b]")
	f(`{"text":"您好，请问有什么可以帮您","role":"客服"}`, Options{}, "|agent|||||||[]")
	f(`{"text":"订单已发货","Role":"system"}`, Options{}, "|system|||||||[]")
	f(`{"text":"送餐太慢了","role":"顾客"}`, Options{}, "||||||||[]")
	f(`{"text":"送餐太慢了","下单日期":"2024-11-03","来源":"app","厂商":"甲"}`, Options{TimeField: "下单日期", Fields: map[string]string{"channel": "来源", "brand": "厂商"}}, "2024-11-03||app|甲|||||[]")
	f(`{"text":"送餐太慢了","date":"2024-11-03"}`, Options{TimeField: "下单日期"}, "||||||||[]")
}

// TestCSVTimeDimsRole: the same from CSV columns; a named column the header lacks is an
// error naming it.
func TestCSVTimeDimsRole(t *testing.T) {
	body := "id,日期,渠道,品牌,商品,角色,评论\nm27,2011-08-01 23:07,网页,竞品,00000958,客户,待机时间长。待机时间长待机时间长\nm28,2011-08-02,app,本品牌,00000961,客服,亲，已为您登记\n"
	recs := readAllRecords(t, "in.csv", body, Options{})
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	if r.Time != "2011-08-01 23:07" || r.Dims.Channel != "网页" || r.Dims.Brand != "竞品" || r.Dims.Product != "00000958" || r.Role != "" || r.Text != "待机时间长。待机时间长待机时间长" {
		t.Errorf("row 1: %+v", r)
	}
	if recs[1].Role != "agent" || recs[1].Dims.Channel != "app" {
		t.Errorf("row 2: %+v", recs[1])
	}
	p := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(p, []byte(body), 0o644)
	for _, opt := range []Options{{TimeField: "下单时间"}, {Fields: map[string]string{"store": "门店"}}, {Fields: map[string]string{"shop": "门店"}}} {
		if _, err := Open(p, opt, Position{}); err == nil {
			t.Errorf("%+v: no error", opt)
		} else {
			t.Log(err)
		}
	}
}
