package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

// dup15Rules are the record's last duplicate merges (mention.DupPolicy's CategoryBeside,
// TermInOpinion, TermlessBeside, UnplacedBeside, UnplacedPair, SharedIndicator; dup15, session 15), each as a variant against the
// defaults; they join spur12Variants, so
// TINGZHEN_SPUR12_VARIANTS=on,d15off go test ./bench -run TestSpur12VariantsDEV -v
// scores them on the DEV guards.
var dup15Rules = map[string]func(p *mention.Policy){
	"d15C":  func(p *mention.Policy) { p.Dup.CategoryBeside = true },
	"d15T":  func(p *mention.Policy) { p.Dup.TermlessBeside = true },
	"d15CT": func(p *mention.Policy) { p.Dup.CategoryBeside, p.Dup.TermlessBeside = true, true },
	"d15I":  func(p *mention.Policy) { p.Dup.TermInOpinion = true },
	"d15CTI": func(p *mention.Policy) {
		p.Dup.CategoryBeside, p.Dup.TermlessBeside, p.Dup.TermInOpinion = true, true, true
	},
	"d15U":  func(p *mention.Policy) { p.Dup.UnplacedBeside = true },
	"d15P":  func(p *mention.Policy) { p.Dup.UnplacedPair = true },
	"d15S":  func(p *mention.Policy) { p.Dup.SharedIndicator = true },
	"d15UP": func(p *mention.Policy) { p.Dup.UnplacedBeside, p.Dup.UnplacedPair = true, true },
	"d15all": func(p *mention.Policy) {
		p.Dup.UnplacedBeside, p.Dup.UnplacedPair, p.Dup.SharedIndicator = true, true, true
	},
	"d15nover": func(p *mention.Policy) { p.Verifier = nil },
	"d15off": func(p *mention.Policy) {
		p.Dup.CategoryBeside, p.Dup.TermlessBeside, p.Dup.TermInOpinion = false, false, false
		p.Dup.UnplacedBeside, p.Dup.UnplacedPair, p.Dup.SharedIndicator = false, false, false
	},
}

func init() {
	for k, v := range dup15Rules {
		spur12Variants[k] = v
	}
}

// TestDup15Dump writes analyze's output (id, aspects, indicators) on the tuning files for
// each variant, for scripts/dup15_proxy.py (tuning sets only: hand DEV, silver r9, r10):
// TINGZHEN_DUP15_OUT=/tmp/d TINGZHEN_DUP15_VARIANTS=d15off,d15all \
// TINGZHEN_DUP15_FILES=dev=testdata/handchecked_dev.jsonl,r9=../training/data/silver_ecommerce_r9.jsonl \
// go test ./bench -run TestDup15Dump -v
func TestDup15Dump(t *testing.T) {
	dir := os.Getenv("TINGZHEN_DUP15_OUT")
	if dir == "" {
		t.Skip("set TINGZHEN_DUP15_OUT, TINGZHEN_DUP15_VARIANTS and TINGZHEN_DUP15_FILES")
	}
	ortOrSkip(t)
	for _, name := range strings.Split(os.Getenv("TINGZHEN_DUP15_VARIANTS"), ",") {
		edit, ok := spur12Variants[name]
		if !ok {
			t.Fatalf("no variant %q", name)
		}
		e := policyEngine(t, edit)
		for _, f := range strings.Split(os.Getenv("TINGZHEN_DUP15_FILES"), ",") {
			short, path, _ := strings.Cut(f, "=")
			items, err := LoadHand(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := AnalyzeAll(t.Context(), e, handInputs(items), 256)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, r := range res {
				line, err := json.Marshal(map[string]any{"id": items[i].ID, "aspects": r.Aspects, "indicators": r.Indicators})
				if err != nil {
					t.Fatal(err)
				}
				b.Write(line)
				b.WriteByte('\n')
			}
			if err := os.WriteFile(filepath.Join(dir, name+"."+short+".jsonl"), []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		e.Close()
	}
}
