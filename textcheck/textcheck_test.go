package textcheck

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLoneSurrogate(t *testing.T) {
	f := func(in, wantEsc string, wantOff int) {
		t.Helper()
		esc, off, found := LoneSurrogate([]byte(in))
		if found != (wantEsc != "") || esc != wantEsc || (found && off != wantOff) {
			t.Errorf("LoneSurrogate(%s) = %q, %d, %v; want %q at %d", in, esc, off, found, wantEsc, wantOff)
		}
	}
	f(`{"text":"服务很好"}`, "", 0)
	f(`{"text":"\u670d\u52a1\u5f88\u597d"}`, "", 0)
	f(`{"text":"表情\ud83d\ude00不错"}`, "", 0)            // a valid pair (😀)
	f(`{"text":"表情\uD83D\uDE00不错"}`, "", 0)            // upper-case hex
	f(`{"text":"快递\ud800很慢"}`, `\ud800`, 15)           // high surrogate alone
	f(`{"text":"快递\udc00很慢"}`, `\udc00`, 15)           // low surrogate alone
	f(`{"text":"\ud83d\u0041"}`, `\ud83d`, 9)          // high + non-surrogate
	f(`{"text":"\ude00\ud83d"}`, `\ude00`, 9)          // reversed pair
	f(`{"text":"a\\ud800"}`, "", 0)                    // an escaped backslash, then text
	f(`{"text":"a\\\ud800"}`, `\ud800`, 12)            // escaped backslash, then a lone escape
	f(`{"text":"ok","tags":["\udbff"]}`, `\udbff`, 22) // in any field
	f(`{"text":"末尾\ud83d"}`, `\ud83d`, 15)             // at the end of the string
	f(`{"text":"\ud83d\ude00\ud83d\ude00"}`, "", 0)
}

// FuzzLoneSurrogate: on a JSON string that decodes, LoneSurrogate finds an escape exactly
// when decoding produced a U+FFFD that the literal did not ask for.
func FuzzLoneSurrogate(f *testing.F) {
	for _, s := range []string{`"\ud800"`, `"\ud83d\ude00"`, `"a\\ud800"`, `"\uDBFF\uDFFF"`, `"服务"`, `"\ufffd"`, `"\ud800\ud800\udc00"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		var s string
		if !utf8.ValidString(lit) || json.Unmarshal([]byte(lit), &s) != nil {
			return
		}
		esc, off, found := LoneSurrogate([]byte(lit))
		if found && (off < 0 || off+6 > len(lit) || lit[off:off+6] != esc) {
			t.Fatalf("escape %q at %d is not in %s", esc, off, lit)
		}
		asked := strings.ContainsRune(lit, utf8.RuneError) || strings.Contains(strings.ToLower(lit), `\ufffd`)
		if asked {
			return
		}
		if got := strings.ContainsRune(s, utf8.RuneError); got != found {
			t.Fatalf("%s decodes to %q (U+FFFD %v) but LoneSurrogate found %v", lit, s, got, found)
		}
	})
}

func TestBadText(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		got := BadText([]byte(in))
		if (want == "") != (got == "") || (want != "" && !strings.Contains(got, want)) {
			t.Errorf("BadText(%q) = %q, want one containing %q", in, got, want)
		}
	}
	f(`{"text":"送餐很快"}`, "")
	f(`{"text":"好吃\ud83d\ude00"}`, "")
	f(`{"text":"\\ud800"}`, "") // an escaped backslash: the text \ud800, not an escape
	f(`{"text":"慢\ud800"}`, `\ud800 at byte 12`)
	f(`{"text":"\udc00"}`, `\udc00`)
	f(`{"text":"慢`+"\xff"+`"}`, "byte 12 is not valid UTF-8")
	f("\xe6\x85", "byte 0 is not valid UTF-8")
}

func TestInvalidUTF8At(t *testing.T) {
	f := func(in string, want int) {
		t.Helper()
		if got := InvalidUTF8At([]byte(in)); got != want {
			t.Errorf("InvalidUTF8At(%q) = %d, want %d", in, got, want)
		}
	}
	f("", -1)
	f("物流很快", -1)
	f("\xff物流", 0)
	f("物流\xff很快", 6)
	f("好\xe5\x9c", 3) // a truncated sequence at the end
}
