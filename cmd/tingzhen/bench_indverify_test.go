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
	f := func(data string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := benchIndVerifySamples(context.Background(), []string{"--data", data}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "never read item by item") {
			t.Errorf("--data %s: exit %d, stderr %q", data, code, errb.String())
		}
	}
	f("bench/testdata/handchecked_test.jsonl")
	f("training/data/silver_telecom.jsonl,bench/testdata/handchecked_val.jsonl")
}
