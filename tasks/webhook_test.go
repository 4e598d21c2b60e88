package tasks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadWebhooks(t *testing.T) {
	t.Setenv("TINGZHEN_TEST_HOOK_SECRET", "来自环境")
	dir := t.TempDir()
	f := func(src, wantErr string, check func(Webhooks)) {
		t.Helper()
		p := filepath.Join(dir, "hooks.yaml")
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		w, err := LoadWebhooks(p)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Fatalf("LoadWebhooks(%q) = %v, want an error with %q", src, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("LoadWebhooks(%q): %v", src, err)
		}
		check(w)
	}
	f("default: {url: https://hooks.example.com/cem, secret_env: TINGZHEN_TEST_HOOK_SECRET}\ndepartments:\n  logistics: {url: http://127.0.0.1:9/wms, secret: 物流}\n", "", func(w Webhooks) {
		if e, ok := w.For("logistics"); !ok || e.URL != "http://127.0.0.1:9/wms" || e.Secret != "物流" {
			t.Fatalf("logistics = %+v", e)
		}
		if e, ok := w.For("quality"); !ok || e.URL != "https://hooks.example.com/cem" || e.Secret != "来自环境" {
			t.Fatalf("quality (default) = %+v", e)
		}
	})
	f("departments:\n  quality: {url: https://q.example.com}\n", "", func(w Webhooks) {
		if _, ok := w.For("logistics"); ok {
			t.Fatal("no default, yet an endpoint for logistics")
		}
	})
	f("", "", func(w Webhooks) {
		if _, ok := w.For("x"); ok {
			t.Fatal("empty file gave an endpoint")
		}
	})
	f("departments:\n  quality: {url: ftp://q}\n", "is not http(s)", nil)
	f("departments:\n  quality: {secret: s}\n", "url is empty", nil)
	f("default: {url: https://x, secret_env: TINGZHEN_TEST_UNSET_SECRET}\n", "TINGZHEN_TEST_UNSET_SECRET is not set", nil)
	f("defaults: {url: https://x}\n", "field defaults not found", nil)
	if _, err := LoadWebhooks(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Fatal("missing file accepted")
	}
}
