package kg

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestHandCheckedMappings runs the pack authors' hand-checked sentences
// (testdata/mapping_*.jsonl: text, industry, term, indicator, point) through MapAspect with
// the industry given and with it inferred, and reports the accuracies (points are the
// mention package's: see mention's tests and engine's TestHandCheckedMapping).
func TestHandCheckedMappings(t *testing.T) {
	g := realGraph(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "mapping_*.jsonl"))
	if len(files) == 0 {
		t.Skip("no hand-checked mapping files")
	}
	var n, mapped, inferred, indOK int
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var row struct{ Text, Industry, Term, Indicator, Point string }
			if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			n++
			if m, ok := g.MapAspect(row.Industry, row.Text, row.Term, ""); ok && m.Indicator == row.Indicator {
				mapped++
			} else if testing.Verbose() {
				t.Logf("miss %s: %q term %q → %q, want %q", row.Industry, row.Text, row.Term, m.Indicator, row.Indicator)
			}
			if id, _ := g.InferIndustry(row.Text); id == row.Industry {
				indOK++
			}
			if m, ok := g.MapAspect("", row.Text, row.Term, ""); ok && m.IndustryID == row.Industry && m.Indicator == row.Indicator {
				inferred++
			}
		}
		fh.Close()
	}
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }
	t.Logf("%d sentences: indicator (industry given) %.1f%%, industry inferred %.1f%%, indicator (industry inferred) %.1f%%",
		n, pct(mapped, n), pct(indOK, n), pct(inferred, n))
	if pct(mapped, n) < 85 {
		t.Errorf("indicator accuracy %.1f%% < 85%%", pct(mapped, n))
	}
}
