package kg

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// FindComplaints on the shipped packs: every occurrence of a complaint phrase with its
// indicator (overlaps included, longest first at a start); one line per case.
func TestFindComplaints(t *testing.T) {
	g := realGraph(t)
	f := func(industry, text string, want ...string) {
		t.Helper()
		var got []string
		for _, m := range g.FindComplaints(industry, text) {
			got = append(got, fmt.Sprintf("%s@%d-%d→%s", m.Phrase, m.Start, m.End, m.Mapping.IndicatorID))
		}
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s %s\n got %q\nwant %q", industry, text, got, want)
		}
	}
	f("food_delivery", "次次迟到，菜都是凉的", "都是凉的@6-10→food_temperature", "是凉的@7-10→food_temperature")
	f("ecommerce", "苹果缺两个", "缺两个@2-5→order_accuracy")
	f("ecommerce", "说了半天就是不给退款", "不给退款@6-10→refund", "不给退@6-9→returns")
	f("telecom", "打电话半途中断", "中断@5-7→call_quality")
	f("banking", "手机银行登不上", "登不上@4-7→identity_verification")
	f("telecom", "流量用完了", "流量用完@0-4→data_allowance")
	f("hotel_travel", "半夜回来发现东西被偷", "东西被偷@6-10→safety")
	f("food_delivery", "一品豆腐不给蘸酱，没有筷子！", "没有筷子@9-13→order_accuracy")
	f("telecom", "网速很快") // no event
	f("nosuch", "迟到")    // unknown industry
}

// A pack's complaints are parsed and checked like its other phrases.
func TestPackComplaints(t *testing.T) {
	f := func(line, wantErr string) {
		t.Helper()
		src := strings.Replace(string(readShop(t)), "    implicit: [太慢了, 神速, 等了好久, 第二天就到了]\n", "    implicit: [太慢了, 神速, 等了好久, 第二天就到了]\n"+line, 1)
		p, err := ParsePack("shop.yaml", []byte(src))
		if err == nil && wantErr == "" {
			if got := buildGraph([]*Pack{p}, nil).FindComplaints("shop", "快递送晚了"); len(got) != 1 || got[0].Mapping.AspectID != "delivery_speed" {
				t.Errorf("%q: FindComplaints = %+v", line, got)
			}
		}
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%q: %v", line, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%q: error %v, want %q", line, err, wantErr)
		}
	}
	f("    complaints: [迟到, 送晚了]\n", "")
	f("    complaints: [\"\"]\n", "empty entry in complaints")
	f("    complaint: [迟到]\n", `unknown field "complaint"`)
}
