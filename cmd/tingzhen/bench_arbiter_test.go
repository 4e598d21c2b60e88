package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestArbiterPolicyFlag(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"features":["x"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f := func(v string, wantNil, wantArbiter bool, wantErr string) {
		t.Helper()
		p, err := arbiterPolicy(v)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("--arbiter %q: error %v, want %q", v, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("--arbiter %q: %v", v, err)
		}
		if (p == nil) != wantNil || (p != nil && (p.Arbiter != nil) != wantArbiter) {
			t.Errorf("--arbiter %q: policy %v", v, p)
		}
	}
	f("", true, false, "")
	f("off", false, false, "")
	f("on", false, true, "")
	f("../../mention/arbiter/weights.json", false, true, "")
	f(filepath.Join(t.TempDir(), "missing.json"), false, false, "no such file")
	f(bad, false, false, "not this build's")
}

// --hand never reads a TEST file (checked before any model is opened).
func TestArbiterSamplesRefusesTest(t *testing.T) {
	f := func(hand string) {
		t.Helper()
		var out, errb strings.Builder
		code := benchArbiterSamples(t.Context(), []string{"--hand", hand}, &out, &errb)
		if code == exitOK || !strings.Contains(errb.String(), "never read item by item") {
			t.Errorf("--hand %s: exit %d, stderr %q", hand, code, errb.String())
		}
	}
	f("bench/testdata/handchecked_test.jsonl")
	f("/elsewhere/handchecked_test.jsonl")
	f("bench/testdata/handchecked_val.jsonl")  // the validation part: aggregate numbers only
	f("bench/testdata/handchecked_val2.jsonl") // the confirmation part
	f("bench/testdata/handchecked_val3.jsonl") // the second confirmation part
}

// --home and --datasets fall back to their environment variables, then to fixed defaults.
func TestBenchDirDefaults(t *testing.T) {
	f := func(flagHome, envHome, flagData, envData, wantHome, wantData string) {
		t.Helper()
		t.Setenv("TINGZHEN_HOME", envHome)
		t.Setenv("TINGZHEN_DATASETS", envData)
		bf := benchFlags{home: flagHome}
		if got := bf.homeDir(); got != wantHome {
			t.Errorf("home %q (env %q): %q, want %q", flagHome, envHome, got, wantHome)
		}
		if got := datasetsDir(flagData); got != wantData {
			t.Errorf("datasets %q (env %q): %q, want %q", flagData, envData, got, wantData)
		}
	}
	f("", "", "", "", ".", filepath.Join("..", "shared", "datasets"))
	f("", "/opt/tingzhen", "", "/data/sets", "/opt/tingzhen", "/data/sets")
	f("/srv/tz", "/opt/tingzhen", "/mnt/数据集", "/data/sets", "/srv/tz", "/mnt/数据集")
}

// TestReportFile: the one rule the three sample commands share for files they must refuse.
func TestReportFile(t *testing.T) {
	f := func(path string, want bool) {
		t.Helper()
		if got := reportFile(path); got != want {
			t.Errorf("reportFile(%q) = %v, want %v", path, got, want)
		}
	}
	f("bench/testdata/handchecked_test.jsonl", true)
	f("bench/testdata/handchecked_val.jsonl", true)
	f("bench/testdata/handchecked_val3.jsonl", true)
	f("bench/results/raw/read80j-sample.jsonl", true)
	f("read80-sample.jsonl", true)
	f("bench/testdata/handchecked_dev.jsonl", false)
	f("bench/results/raw/readdev3-sample.jsonl", false)
	f("training/data/silver_ecommerce_r7.jsonl", false)
}
