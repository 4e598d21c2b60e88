package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeConfigPrecedence: flags > env > YAML file > defaults, and api keys from env or file.
func TestServeConfigPrecedence(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "serve.yaml")
	yml := "addr: 127.0.0.1:9001\nmax_batch: 16\nmax_batch_wait: 5ms\nbatching: false\nqueue: 99\n" +
		"api_keys:\n  - {name: crm, key: \"yaml-key-0123456789\", scopes: [analyze]}\n"
	if err := os.WriteFile(cfg, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		args      []string
		env       map[string]string
		addr      string
		maxBatch  int
		queue     int
		wait      time.Duration
		batching  bool
		keyName   string
		wantError string
	}{
		{"defaults", nil, nil, "127.0.0.1:8080", 64, 1024, 2 * time.Millisecond, true, "", ""},
		{"yaml", []string{"--config", cfg}, nil, "127.0.0.1:9001", 16, 99, 5 * time.Millisecond, false, "crm", ""},
		{"env over yaml", []string{"--config", cfg}, map[string]string{"TINGZHEN_MAX_BATCH": "8", "TINGZHEN_API_KEYS": "ops:env-key-0123456789=admin"}, "127.0.0.1:9001", 8, 99, 5 * time.Millisecond, false, "ops", ""},
		{"flag over env", []string{"--config", cfg, "--max-batch", "4", "--addr", "[::1]:9"}, map[string]string{"TINGZHEN_MAX_BATCH": "8"}, "[::1]:9", 4, 99, 5 * time.Millisecond, false, "crm", ""},
		{"config from env", nil, map[string]string{"TINGZHEN_CONFIG": cfg}, "127.0.0.1:9001", 16, 99, 5 * time.Millisecond, false, "crm", ""},
		{"bad env value", nil, map[string]string{"TINGZHEN_QUEUE": "many"}, "", 0, 0, 0, false, "", "TINGZHEN_QUEUE"},
		{"bad api keys", nil, map[string]string{"TINGZHEN_API_KEYS": "short=analyze"}, "", 0, 0, 0, false, "", "TINGZHEN_API_KEYS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []string{"TINGZHEN_CONFIG", "TINGZHEN_MAX_BATCH", "TINGZHEN_API_KEYS", "TINGZHEN_QUEUE", "TINGZHEN_ADDR"} {
				t.Setenv(k, "")
			}
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			var ef engineFlags
			ef.register(fs)
			var sf serveFlags
			sf.register(fs, &ef)
			if err := fs.Parse(c.args); err != nil {
				t.Fatal(err)
			}
			keys, _, err := applyConfig(fs, sf.config)
			if c.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantError) {
					t.Fatalf("err %v, want one naming %s", err, c.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sf.addr != c.addr || sf.maxBatch != c.maxBatch || sf.queue != c.queue || sf.maxWait != c.wait || sf.batching != c.batching {
				t.Errorf("got addr %s batch %d queue %d wait %s batching %v", sf.addr, sf.maxBatch, sf.queue, sf.maxWait, sf.batching)
			}
			name := ""
			if len(keys) > 0 {
				name = keys[0].Name
			}
			if name != c.keyName {
				t.Errorf("key %q, want %q", name, c.keyName)
			}
		})
	}
}

// TestServeRefusesPublicAddrWithoutKeys fails fast, before loading the engine.
func TestServeRefusesPublicAddrWithoutKeys(t *testing.T) {
	t.Setenv("TINGZHEN_API_KEYS", "")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "0.0.0.0:8080"}, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "loopback") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"serve", "--help"}, &out, &errb); code != exitOK {
		t.Fatalf("--help exit %d", code)
	}
	for _, f := range []string{"-addr", "-batching", "-max-batch-wait", "-queue", "-timeout", "-data", "-config", "TINGZHEN_API_KEYS",
		"-queue-runes", "-max-inflight-body-bytes", "-access-log", "-log-format"} {
		if !strings.Contains(errb.String(), f) {
			t.Errorf("--help lacks %s", f)
		}
	}
}

// TestServeLogFormat: --log-format takes text or json, and anything else fails fast,
// before loading the engine.
func TestServeLogFormat(t *testing.T) {
	t.Setenv("TINGZHEN_API_KEYS", "")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--log-format", "xml"}, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "--log-format") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}
