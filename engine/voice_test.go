package engine

import (
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
)

// TestVoiceFields: event times in the common formats are read in the configured zone and
// echoed as RFC 3339 with the dims and role; an unreadable time or an unknown role fails
// only its own record.
func TestVoiceFields(t *testing.T) {
	loc := testEngine.Config().Location
	f := func(when, wantTime, wantCode string) {
		t.Helper()
		in := []Input{
			{ID: "a", Text: "送餐太慢了，等了两个小时", Time: when, Dims: insights.Dims{Channel: "美团", Brand: "本品牌", Tags: []string{"回访"}}},
			{ID: "b", Text: "味道很好，下次还点"},
		}
		res := analyze(t, in...)
		if res[1].Error != nil || res[1].Time != "" {
			t.Fatalf("time %q: the other record: %+v", when, res[1])
		}
		r := res[0]
		if wantCode != "" {
			if r.Error == nil || string(r.Error.Code) != wantCode {
				t.Fatalf("time %q: error %+v, want code %s", when, r.Error, wantCode)
			}
			return
		}
		if r.Error != nil {
			t.Fatalf("time %q: %v", when, r.Error)
		}
		if r.Time != wantTime {
			t.Errorf("time %q: echoed %q, want %q", when, r.Time, wantTime)
		}
		if r.Channel != "美团" || r.Brand != "本品牌" || len(r.Tags) != 1 || r.Tags[0] != "回访" {
			t.Errorf("time %q: dims not echoed: %+v", when, r.Dims)
		}
	}
	at := func(y int, m time.Month, d, h, min int) string {
		return time.Date(y, m, d, h, min, 0, 0, loc).Format(time.RFC3339)
	}
	f("", "", "")
	f("2024-11-03", at(2024, 11, 3, 0, 0), "")
	f("2024-11-03 14:05", at(2024, 11, 3, 14, 5), "")
	f("2024/11/03", at(2024, 11, 3, 0, 0), "")
	f("2024年11月3日 14:05", at(2024, 11, 3, 14, 5), "")
	f("2024-11-03T14:05:00+08:00", "2024-11-03T14:05:00+08:00", "")
	f("11月3日", "", "bad_time") // no year
	f("上周三", "", "bad_time")
	f("2024-13-45", "", "bad_time")

	res := analyze(t, Input{ID: "r", Text: "送餐太慢了", Role: "客服"}, Input{ID: "s", Text: "送餐太慢了"})
	if res[0].Error == nil || res[0].Error.Code != "bad_role" || res[1].Error != nil {
		t.Errorf("unknown role: %+v / %+v", res[0].Error, res[1].Error)
	}
}

// TestRoleStampedOnMentions: an agent's or system record keeps its aspects, each marked
// with the role; a customer's are not marked.
func TestRoleStampedOnMentions(t *testing.T) {
	text := "配送员态度很差，送餐太慢了，饭菜都凉了"
	for _, role := range []string{"", RoleCustomer, RoleAgent, RoleSystem} {
		r := analyze(t, Input{ID: "x", Text: text, Industry: "food_delivery", Role: role})[0]
		if r.Error != nil {
			t.Fatal(r.Error)
		}
		if len(r.Aspects) == 0 {
			t.Fatalf("role %q: no aspects in %q", role, text)
		}
		for _, a := range r.Aspects {
			if a.Role != role {
				t.Errorf("role %q: aspect %q marked %q", role, a.Term, a.Role)
			}
		}
		if r.Role != role {
			t.Errorf("role %q echoed as %q", role, r.Role)
		}
	}
}
