package bench

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// The mention verifier's DEV harnesses (verifym, session 13): what it drops on the DEV sets
// and on the judged DEV read-through readdev3. TINGZHEN_VERIFIER=on (the embedded weights) or
// a verifier file.

func verifierOrSkip(t *testing.T) *mention.Verifier {
	t.Helper()
	v := os.Getenv("TINGZHEN_VERIFIER")
	if v == "" {
		t.Skip("set TINGZHEN_VERIFIER=on or a verifier file")
	}
	ortOrSkip(t)
	if v == "on" {
		ver, err := mention.DefaultVerifier()
		if err != nil {
			t.Fatal(err)
		}
		return ver
	}
	f, err := os.Open(v)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ver, err := mention.ParseVerifier(f)
	if err != nil {
		t.Fatal(err)
	}
	return ver
}

// TestVerifierAPCDEV lists the mentions the verifier drops on APC DEV (buckets 15-24) and
// the ASTE train carve, with the item's gold aspect:
// TINGZHEN_VERIFIER=on go test ./bench -run TestVerifierAPCDEV -v
func TestVerifierAPCDEV(t *testing.T) {
	ver := verifierOrSkip(t)
	for name, ds := range map[string]*Dataset{"apc": apcDEV(t), "aste": asteCarve(t)} {
		var in []engine.Input
		for i, it := range ds.Items {
			in = append(in, engine.Input{ID: name + " " + string(rune('0'+i%10)), Text: it.Text})
		}
		off := analyzeWith(t, in, func(p *mention.Policy) { p.Verifier = nil })
		col := &VerifierCollector{}
		on := analyzeWith(t, in, func(p *mention.Policy) { p.Verifier, p.VerifierTrace = ver, col.Trace })
		logMentionDiff(t, name, in, on, off)
		if out := os.Getenv("TINGZHEN_VERIFIER_OUT"); out != "" { // every traced sample, for the trainer's diagnostics
			f, err := os.Create(out + "-" + name + ".jsonl")
			if err != nil {
				t.Fatal(err)
			}
			enc := json.NewEncoder(f)
			for _, ss := range col.by {
				for _, s := range ss {
					if err := enc.Encode(s); err != nil {
						t.Fatal(err)
					}
				}
			}
			f.Close()
		}
	}
}

// TestVerifierReaddev3 counts, of the mentions the verifier drops on readdev3 (a judged DEV
// read-through), how many were judged right and how many wrong (any verdict but R), matching
// each dropped mention to the judged rows (results/raw/readdev3-spur12-*.tsv, newest first)
// by id, term, opinion, polarity, point and indicator:
// TINGZHEN_VERIFIER=on go test ./bench -run TestVerifierReaddev3 -v
func TestVerifierReaddev3(t *testing.T) {
	ver := verifierOrSkip(t)
	in := readIDText(t, "readdev3", "results/raw/readdev3-sample.jsonl")
	off := analyzeWith(t, in, func(p *mention.Policy) { p.Verifier = nil })
	col := &VerifierCollector{}
	on := analyzeWith(t, in, func(p *mention.Policy) { p.Verifier, p.VerifierTrace = ver, col.Trace })
	prob := map[string]float64{} // text|term|point → the verifier's P(right)
	for text, ss := range col.by {
		for _, s := range ss {
			prob[text+"|"+s.Term+"|"+s.Point] = s.Prob
		}
	}
	verdict := map[string]string{}
	for _, f := range []string{"after", "prefinal", "main", "e74bce3"} {
		fh, err := os.Open("results/raw/readdev3-spur12-" + f + ".tsv")
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			c := strings.Split(sc.Text(), "\t")
			if len(c) < 8 || c[0] == "id" {
				continue
			}
			k := strings.Join(c[:6], "|")
			if _, ok := verdict[k]; !ok {
				verdict[k] = c[7]
			}
		}
		fh.Close()
	}
	right, wrong, unjudged := 0, 0, 0
	for i := range in {
		kept := map[string]bool{}
		for _, m := range on[i].Aspects {
			kept[showMention(m)] = true
		}
		for _, m := range off[i].Aspects {
			if kept[showMention(m)] {
				continue
			}
			ind := ""
			if m.KG != nil {
				ind = m.KG.Indicator
			}
			id := strings.TrimPrefix(in[i].ID, "readdev3 ")
			v, ok := verdict[strings.Join([]string{id, m.Term, m.Opinion, m.Polarity, m.Point, ind}, "|")]
			switch {
			case !ok:
				unjudged++
				v = "?"
			case v == "R":
				right++
			default:
				wrong++
			}
			t.Logf("drop %s p=%.3f [%s] %s: %s", v, prob[in[i].Text+"|"+m.Term+"|"+m.Point], id, showMention(m), in[i].Text)
		}
	}
	t.Logf("readdev3: the verifier drops %d judged wrong, %d judged right, %d unjudged", wrong, right, unjudged)
}
