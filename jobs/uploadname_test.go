package jobs

import (
	"strings"
	"testing"
)

func TestUploadName(t *testing.T) {
	f := func(raw, want string, wantErr bool) {
		t.Helper()
		got, err := uploadName(raw)
		if (err != nil) != wantErr || got != want {
			t.Errorf("uploadName(%q) = %q, %v; want %q, error %v", raw, got, err, want, wantErr)
		}
		if err != nil && strings.Contains(err.Error(), "/tmp") {
			t.Errorf("uploadName(%q): error names a server path: %v", raw, err)
		}
	}
	f("chat.jsonl", "chat.jsonl", false)
	f("客服记录.csv", "客服记录.csv", false)
	f("dir/sub/评价.txt", "评价.txt", false)
	f("..", "", true)
	f(".", "", true)
	f("/", "", true)
	f("a/..", "", true)
	f(".env", "", true)
	f("a\x00b.csv", "", true)
	f("a\nb.csv", "", true)
	f("\xff.csv", "", true)
	f(strings.Repeat("评", 100)+".csv", "", true)
}

func FuzzUploadName(f *testing.F) {
	for _, s := range []string{"chat.jsonl", "..", "a/../b", "\x00", "客服.csv"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		name, err := uploadName(raw)
		if err != nil {
			return
		}
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") || len(name) > maxUploadName {
			t.Fatalf("uploadName(%q) = %q: not a safe base name", raw, name)
		}
	})
}
