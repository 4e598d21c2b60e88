package adapt

import "testing"

func TestParseLabel(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		got, ok := ParseLabel(in)
		if want == "" {
			if ok {
				t.Errorf("ParseLabel(%q) = %q, want unknown", in, got)
			}
			return
		}
		if !ok || got != want {
			t.Errorf("ParseLabel(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	f("negative", Negative)
	f(" Positive ", Positive)
	f("NEU", Neutral)
	f("0", Negative)
	f("1", Positive)
	f("正面", Positive)
	f("负面", Negative)
	f("中性", Neutral)
	f("好评", Positive)
	f("差评", Negative)
	f("2", "")
	f("-1", "")
	f("还行", "")
	f("", "")
}
