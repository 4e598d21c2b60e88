package adapt

import (
	"errors"
	"strings"
	"testing"
)

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

// TestFindPythonMissing: an interpreter that cannot train is refused with the command that
// installs one.
func TestFindPythonMissing(t *testing.T) {
	_, err := FindPython(t.Context(), "/nonexistent/python3")
	if !errors.Is(err, ErrNoPython) || !strings.Contains(err.Error(), "make deps-py") || !strings.Contains(err.Error(), "/nonexistent/python3") {
		t.Fatalf("err %v", err)
	}
}
