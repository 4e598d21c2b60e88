package textcheck

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzBadText: whatever JSON string literal BadText passes decodes without a U+FFFD that
// was not written in it (as the character or as the escape \ufffd): nothing is mangled
// silently; and BadText never panics.
func FuzzBadText(f *testing.F) {
	for _, s := range []string{`"送餐很快"`, `"\ud800"`, `"\ud83d\ude00"`, `"\\ud800"`, "\"\xff\"", `"\udc00x"`, `"\ufffd"`, `"a\u00e9"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		msg := BadText(b)
		var s string
		if json.Unmarshal(b, &s) != nil || msg != "" {
			return
		}
		if strings.ContainsRune(s, '\uFFFD') && !bytes.Contains(b, []byte("\uFFFD")) && !bytes.Contains(bytes.ToLower(b), []byte(`\ufffd`)) {
			t.Fatalf("BadText passed %q, which decodes to %q with a U+FFFD it did not hold", b, s)
		}
	})
}
