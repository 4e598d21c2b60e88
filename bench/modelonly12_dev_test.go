package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// modelonly12Inputs reads the DEV material of modelonly12 (session 12): the DEV
// read-through samples (readdev, readdev2, readdev3) and the customer turns of
// chat_turns_dev*.jsonl (as conversation turns). Never TEST or VAL.
func modelonly12Inputs(t *testing.T) []engine.Input {
	t.Helper()
	var inputs []engine.Input
	read := func(path, prefix string, chat bool) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var r struct{ ID, Text, Role string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			in := engine.Input{ID: prefix + " " + r.ID, Text: r.Text}
			if chat {
				if r.Role != "customer" {
					continue
				}
				in.Role = "customer"
			}
			inputs = append(inputs, in)
		}
	}
	if name := os.Getenv("TINGZHEN_MODELONLY12_CHAT"); name != "" { // another DEV chat file: chat_turns_train2
		read("testdata/"+name+".jsonl", name, true)
		return inputs
	}
	for _, name := range []string{"readdev", "readdev2", "readdev3"} {
		read("results/raw/"+name+"-sample.jsonl", name, false)
	}
	for _, name := range []string{"chat_turns_dev", "chat_turns_dev2", "chat_turns_dev3"} {
		read("testdata/"+name+".jsonl", name, true)
	}
	return inputs
}

// TestModelOnly12DumpDEV writes the model-only mentions (source "model") on the DEV
// material with the signals the engine has for them (the aspect model's score, bare or
// paired, the term's length and jieba word classes, the sentence's sentiment, chat or
// not), one TSV row each, for judging (modelonly12, session 12):
// TINGZHEN_MODELONLY12_DUMP=out.tsv go test ./bench -run TestModelOnly12DumpDEV -v
func TestModelOnly12DumpDEV(t *testing.T) {
	out := os.Getenv("TINGZHEN_MODELONLY12_DUMP")
	if out == "" {
		t.Skip("set TINGZHEN_MODELONLY12_DUMP=path")
	}
	ortOrSkip(t)
	inputs := modelonly12Inputs(t)
	// TINGZHEN_MODELONLY12_COMPARE=1: dump the mentions of the build with the criterion off,
	// with a last column saying whether the default build keeps each one.
	compare := os.Getenv("TINGZHEN_MODELONLY12_COMPARE") != ""
	edit := func(p *mention.Policy) {}
	if compare {
		edit = func(p *mention.Policy) { p.ModelOnly = mention.ModelOnlyPolicy{} }
	}
	e := policyEngine(t, edit)
	defer e.Close()
	res, err := e.Analyze(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	if compare {
		d := policyEngine(t, func(p *mention.Policy) {})
		dres, err := d.Analyze(context.Background(), inputs)
		d.Close()
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range dres {
			for _, m := range r.Aspects {
				kept[fmt.Sprintf("%d|%d|%d|%s", i, m.Start, m.End, m.Term)] = true
			}
		}
	}
	var b strings.Builder
	b.WriteString("id\tterm\topinion\tpolarity\tpoint\tindicator\tconf\tbare\tlen\tpos\tsent\tsentscore\tchat\tclause\topos\tsameclause\tkept\n")
	for i, r := range res {
		words, err := e.Segment(inputs[i].Text)
		if err != nil {
			t.Fatal(err)
		}
		rs := []rune(inputs[i].Text)
		for _, m := range r.Aspects {
			if m.Source != "model" || m.Term == "" {
				continue
			}
			var pos []string
			for _, w := range words {
				if w.Start < m.End && m.Start < w.End {
					pos = append(pos, w.Text+"/"+w.POS)
				}
			}
			var opos []string
			for _, w := range words {
				if m.OpinionEnd > m.OpinionStart && w.Start < m.OpinionEnd && m.OpinionStart < w.End {
					opos = append(opos, w.Text+"/"+w.POS)
				}
			}
			same := m.OpinionEnd > m.OpinionStart
			lo, hi := min(m.Start, m.OpinionStart), max(m.End, m.OpinionEnd)
			for k := lo; same && k < hi && k < len(rs); k++ {
				if strings.ContainsRune("，。！？!?,；;~\n ", rs[k]) {
					same = false
				}
			}
			sent, score := "", 0.0
			for _, s := range r.Sentences {
				if s.Start <= m.Start && m.Start < s.End && s.Sentiment != nil {
					sent, score = s.Sentiment.Label, s.Sentiment.Score
				}
			}
			ind := "-"
			if m.KG != nil {
				ind = m.KG.Indicator
			}
			cs, ce := m.Start, m.End
			for cs > 0 && !strings.ContainsRune("，。！？!?,；;~\n ", rs[cs-1]) {
				cs--
			}
			for ce < len(rs) && !strings.ContainsRune("，。！？!?,；;~\n ", rs[ce]) {
				ce++
			}
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%v\t%d\t%s\t%s\t%.3f\t%v\t%s\t%s\t%v\t%v\n", inputs[i].ID, m.Term, m.Opinion, m.Polarity, m.Point, ind,
				m.Confidence, m.Opinion == "", len([]rune(m.Term)), strings.Join(pos, " "), sent, score, inputs[i].Role != "", string(rs[cs:ce]), strings.Join(opos, " "), same, !compare || kept[fmt.Sprintf("%d|%d|%d|%s", i, m.Start, m.End, m.Term)])
		}
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The modelonly12 variants for TestSpur12VariantsDEV (DEV guards):
// TINGZHEN_SPUR12_VARIANTS=on,mo-off,mo-both go test ./bench -run TestSpur12VariantsDEV -v
func init() {
	spur12Variants["mo-off"] = func(p *mention.Policy) { p.ModelOnly = mention.ModelOnlyPolicy{} }
	spur12Variants["mo-bare"] = func(p *mention.Policy) { p.ModelOnly = mention.ModelOnlyPolicy{BareUnplaced: true} }
	spur12Variants["mo-both"] = func(p *mention.Policy) { p.ModelOnly = mention.ModelOnlyPolicy{ChatEvidence: true, BareUnplaced: true} }
}
