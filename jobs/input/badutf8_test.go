package input

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJSONLInvalidBytes: a JSONL record with bytes that are not UTF-8 inside its text is
// refused with invalid_utf8 (encoding/json would turn them into U+FFFD and the record would
// be analysed as mojibake), as CSV and text records are; the records around it go on.
func TestJSONLInvalidBytes(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString(`{"id": "ok` + string(rune('a'+i%26)) + `", "text": "物流很快，包装完好"}` + "\n")
		if i == 20 {
			b.WriteString(`{"id": "bad", "text": "质量` + "\xff\xfe" + `很差"}` + "\n")
		}
	}
	p := filepath.Join(t.TempDir(), "mixed.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(p, Options{}, Position{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ok, bad := 0, 0
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Err != nil {
			bad++
			if rec.ID != "bad" || rec.Err.Code != "invalid_utf8" || !strings.Contains(rec.Err.Message, "0xff") || rec.Line != 22 {
				t.Fatalf("bad record = %+v %+v", rec, rec.Err)
			}
			continue
		}
		if strings.ContainsRune(rec.Text, '\uFFFD') {
			t.Fatalf("record %s analysed as mojibake: %q", rec.ID, rec.Text)
		}
		ok++
	}
	if ok != 40 || bad != 1 {
		t.Fatalf("ok %d bad %d, want 40 and 1", ok, bad)
	}
}
