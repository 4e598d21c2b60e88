package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIndVerifyPolicyFlag(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"features":["x"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f := func(v string, wantNil, wantVerifier bool, wantErr string) {
		t.Helper()
		p, err := indVerifyPolicy(nil, v)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("--indverify %q: error %v, want %q", v, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("--indverify %q: %v", v, err)
		}
		if (p == nil) != wantNil || (p != nil && (p.IndVerify != nil) != wantVerifier) {
			t.Errorf("--indverify %q: policy %v", v, p)
		}
	}
	f("", true, false, "")
	f("off", false, false, "")
	f("on", false, true, "")
	f("../../mention/indverify/weights.json", false, true, "")
	f(filepath.Join(t.TempDir(), "missing.json"), false, false, "no such file")
	f(bad, false, false, "not this build's")
}

// indverify-samples never reads a TEST or VALIDATION file (checked before any model is opened).
func TestIndVerifySamplesRefusesHeldOut(t *testing.T) {
	f := func(flagName, data, want string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := benchIndVerifySamples(context.Background(), []string{flagName, data}, &out, &errb); code == 0 || !strings.Contains(errb.String(), want) {
			t.Errorf("%s %s: exit %d, stderr %q", flagName, data, code, errb.String())
		}
	}
	f("--data", "bench/testdata/handchecked_test.jsonl", "never read item by item")
	f("--data", "training/data/silver_telecom.jsonl,bench/testdata/handchecked_val.jsonl", "never read item by item")
	f("--files", "bench/testdata/handchecked_test.jsonl", "never read item by item")
	f("--files", "bench/results/raw/read80j-sample.jsonl", "never read item by item")
	f("--files", "", "at least one file")
}

// --files and --data are one list under two names: both at once is an error.
func TestIndVerifySamplesOneList(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"--files", "training/data/silver_telecom.jsonl", "--data", "training/data/silver_banking.jsonl"}
	if code := benchIndVerifySamples(context.Background(), args, &out, &errb); code == 0 || !strings.Contains(errb.String(), "give one") {
		t.Errorf("both flags: exit %d, stderr %q", code, errb.String())
	}
}
