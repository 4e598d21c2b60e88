package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAspectFlag: --aspect splits on , ， 、 | ; and ；, drops blanks and repeats; withAspects
// adds the flag's terms after a record's own.
func TestAspectFlag(t *testing.T) {
	f := func(own []string, args []string, want string) {
		t.Helper()
		var a aspectFlag
		for _, s := range args {
			if err := a.Set(s); err != nil {
				t.Fatal(err)
			}
		}
		if got := fmt.Sprintf("%q", withAspects(own, a)); got != want {
			t.Errorf("%q + %q: got %s, want %s", own, args, got, want)
		}
	}
	f(nil, nil, "[]")
	f(nil, []string{"屏幕,电池"}, `["屏幕" "电池"]`)
	f(nil, []string{"屏幕，电池、续航", " 屏幕 ,,"}, `["屏幕" "电池" "续航"]`)
	f([]string{"客服"}, []string{"屏幕,客服"}, `["客服" "屏幕"]`)
	f([]string{"客服"}, nil, `["客服"]`)
	f(nil, []string{"屏幕|电池；续航"}, `["屏幕" "电池" "续航"]`)
}

// TestAnalyzeNamedAspectsCLI: "aspects" per record and --aspect for every record, through
// the real engine: the named terms found (term/source named), per-record errors for a bad
// list or a list that is not an array of strings (bad_aspects, as jobs give).
func TestAnalyzeNamedAspectsCLI(t *testing.T) {
	outPath := filepath.Join(t.TempDir(), "out.jsonl")
	code, _, stderr := runCLI(t, "analyze", "--input", "testdata/named_aspects.jsonl", "--output", outPath, "--aspect", "电池，物流")
	if code != exitRecordFails {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	f, err := os.Open(outPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct {
			ID      string
			Aspects []struct{ Term, Source string }
			Error   *struct{ Code string }
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("output line is not JSON: %s", sc.Text())
		}
		var terms []string
		for _, a := range r.Aspects {
			if a.Source == "named" {
				terms = append(terms, a.Term)
			}
		}
		s := r.ID + ":" + strings.Join(terms, ",")
		if r.Error != nil {
			s += " " + r.Error.Code
		}
		got = append(got, s)
	}
	want := []string{"a:骑手", "b:屏幕,电池", "c: bad_aspects", "d: bad_aspects", "e:物流"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
