package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/mention"
)

func TestVerifierPolicyFlag(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"features":["x"],"weights":[1],"bias":0,"threshold":0.5}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f := func(v string, wantNil, wantVerifier bool, wantErr string) {
		t.Helper()
		p, err := verifierPolicy(nil, v)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("--verifier %q: error %v, want %q", v, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("--verifier %q: %v", v, err)
		}
		if (p == nil) != wantNil || (p != nil && (p.Verifier != nil) != wantVerifier) {
			t.Errorf("--verifier %q: policy %v", v, p)
		}
	}
	f("", true, false, "")
	f("off", false, false, "")
	f("on", false, true, "")
	f("../../mention/verifier/weights.json", false, true, "")
	f(filepath.Join(t.TempDir(), "missing.json"), false, false, "no such file")
	f(bad, false, false, "not this build's")
	// An earlier flag's policy is kept and edited.
	p := mention.DefaultPolicy()
	p.CategoryAddPresence = 0
	got, err := verifierPolicy(&p, "off")
	if err != nil || got != &p || got.Verifier != nil || got.CategoryAddPresence != 0 {
		t.Errorf("verifierPolicy(&p, off) = %v, %v", got, err)
	}
}

// --files never reads a TEST, VALIDATION or report file (checked before any model is opened).
func TestVerifierSamplesRefusesReportSets(t *testing.T) {
	f := func(files string) {
		t.Helper()
		var out, errb strings.Builder
		code := benchVerifierSamples(t.Context(), []string{"--files", files}, &out, &errb)
		if code == exitOK || !strings.Contains(errb.String(), "never read item by item") {
			t.Errorf("--files %s: exit %d, stderr %q", files, code, errb.String())
		}
	}
	f("bench/testdata/handchecked_test.jsonl")
	f("training/data/silver_ecommerce_r6.jsonl,bench/testdata/handchecked_val.jsonl")
	f("bench/testdata/handchecked_val3.jsonl")
	f("bench/results/raw/read80h-sample.jsonl")
}
