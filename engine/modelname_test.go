package engine

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestCheckOptionalModel: an optional model named explicitly must exist; its default name
// may be absent (an installation without it), and "-" turns it off.
func TestCheckOptionalModel(t *testing.T) {
	empty := t.TempDir()
	f := func(modelsDir, name, def string, wantErr bool) {
		t.Helper()
		err := checkOptionalModel("polarity", modelsDir, name, def)
		if (err != nil) != wantErr {
			t.Fatalf("models %s, name %q (default %q): err %v, want error %v", modelsDir, name, def, err, wantErr)
		}
		if err != nil && (!strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "polarity model")) {
			t.Fatalf("error %q does not name the kind and the folder %q", err, name)
		}
	}
	f("../models", "-", defaultPolarityModel, false)
	f("../models", defaultPolarityModel, defaultPolarityModel, false)
	f(empty, defaultPolarityModel, defaultPolarityModel, false) // default absent: runs without it
	f("../models", "sentiment-zh", defaultPolarityModel, false) // another installed folder
	f("../models", "polarity-z", defaultPolarityModel, true)    // a typo
	f("../models", "/nonexistent", defaultPolarityModel, true)
	f(empty, "polarity-v7", defaultPolarityModel, true)
}

// TestNamedModelMissing: New refuses a polarity model folder that is not there, instead of
// running silently without it.
func TestNamedModelMissing(t *testing.T) {
	_, err := New(context.Background(), Config{Home: "..", IntraOpThreads: 1, PolarityModel: "polarity-missing", CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err == nil || !strings.Contains(err.Error(), `polarity model "polarity-missing"`) {
		t.Fatalf("New with a missing polarity model: %v, want an error naming it", err)
	}
}
