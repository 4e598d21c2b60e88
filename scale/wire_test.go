package scale

import (
	"testing"
	"time"
)

func TestParsePos(t *testing.T) {
	f := func(in string, want pos, ok bool) {
		t.Helper()
		got, err := parsePos(in)
		if (err == nil) != ok {
			t.Fatalf("parsePos(%q): err %v, want ok=%v", in, err, ok)
		}
		if ok && got != want {
			t.Fatalf("parsePos(%q) = %+v, want %+v", in, got, want)
		}
	}
	f("3 1 64 0 17", pos{seq: 3, idx: 1, n: 64, file: 0, line: 17}, true)
	f("0 0 1 2 1", pos{n: 1, file: 2, line: 1}, true)
	f(pos{seq: 9, idx: 4, n: 5, file: 1, line: 300}.String(), pos{seq: 9, idx: 4, n: 5, file: 1, line: 300}, true)
	f("", pos{}, false)
	f("1 2 3 4", pos{}, false)
	f("1 2 3 4 5 6", pos{}, false)
	f("1 -2 3 4 5", pos{}, false)
	f("1 5 5 0 1", pos{}, false) // index not below n
	f("1 x 3 4 5", pos{}, false)
	f("1 0 0 0 0", pos{}, false) // empty chunk
}

func FuzzParsePos(f *testing.F) {
	f.Add("3 1 64 0 17")
	f.Add("0 0 1 0 0")
	f.Add("9999999999999999999999 0 1 0 0")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePos(s)
		if err != nil {
			return
		}
		if p.idx >= p.n || p.seq < 0 || p.file < 0 || p.line < 0 {
			t.Fatalf("parsePos(%q) = %+v accepted", s, p)
		}
		if q, err := parsePos(p.String()); err != nil || q != p {
			t.Fatalf("round trip of %+v: %+v, %v", p, q, err)
		}
	})
}

func TestCheckJob(t *testing.T) {
	f := func(name string, ok bool) {
		t.Helper()
		if err := CheckJob(name); (err == nil) != ok {
			t.Fatalf("CheckJob(%q) = %v, want ok=%v", name, err, ok)
		}
	}
	f("j-20261130-054700-123", true)
	f("waimai_q4", true)
	f("", false)
	f("a.b", false) // a subject token separator
	f("a b", false)
	f("点评", false)
	f("*", false)
	f(">", false)
	f(FeedbackJob, false)
	f(NewJobName(time.Date(2026, 11, 30, 5, 47, 0, 0, time.UTC)), true)
}

func TestMsgIDs(t *testing.T) {
	if got, want := recordMsgID("q4", 2, 17), "q4/2:17"; got != want {
		t.Fatalf("recordMsgID = %q, want %q", got, want)
	}
	f := func(id, want string) {
		t.Helper()
		if got := feedbackMsgID(id); got != want {
			t.Fatalf("feedbackMsgID(%q) = %q, want %q", id, got, want)
		}
	}
	f("w2", `feedback/"w2"`)
	f("a\r\nb", `feedback/"a\r\nb"`)
	f("评论7", `feedback/"\u8bc4\u8bba7"`)
}
