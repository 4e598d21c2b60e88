package tasks

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// FuzzVerifySignature: any header values and body are answered without a panic, and a body
// signed with the secret at an accepted time always verifies, while any other secret fails.
func FuzzVerifySignature(f *testing.F) {
	f.Add("s3cr3t", "sha256=00", "1764470000", []byte(`{"event":"task.created"}`))
	f.Add("", "", "", []byte{})
	f.Add("密钥", "sha256=", "-1", []byte("任务"))
	f.Add("k", "md5=abc", "99999999999999999999", []byte("x"))
	f.Fuzz(func(t *testing.T, secret, sig, ts string, body []byte) {
		now := time.Unix(1764470000, 0)
		_ = VerifySignature(secret, sig, ts, body, now, time.Minute)
		good := Sign(secret, now.Unix(), body)
		if err := VerifySignature(secret, good, strconv.FormatInt(now.Unix(), 10), body, now, time.Minute); err != nil {
			t.Fatalf("own signature rejected: %v", err)
		}
		if err := VerifySignature(secret+"x", good, strconv.FormatInt(now.Unix(), 10), body, now, time.Minute); err == nil {
			t.Fatal("another secret accepted")
		}
	})
}

// FuzzLoadWebhooks: any file is read or rejected with an error, never a panic; what loads
// has http(s) URLs only.
func FuzzLoadWebhooks(f *testing.F) {
	f.Add("default: {url: https://hooks.example.com/cem, secret: s}\ndepartments:\n  logistics: {url: http://127.0.0.1:9/x}\n")
	f.Add("departments:\n  quality: {url: ftp://x}\n")
	f.Add("default: {url: https://x, secret_env: TINGZHEN_FUZZ_UNSET}\n")
	f.Add("departments: [1, 2]\n")
	f.Add("unknown: 1\n")
	f.Add("")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		p := filepath.Join(dir, "hooks.yaml")
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		w, err := LoadWebhooks(p)
		if err != nil {
			return
		}
		check := func(e Endpoint) {
			if e.URL != "" && !(len(e.URL) >= 7 && (e.URL[:7] == "http://" || len(e.URL) >= 8 && e.URL[:8] == "https://")) {
				t.Fatalf("loaded a non-http URL %q", e.URL)
			}
		}
		check(w.Default)
		for id, e := range w.Departments {
			if e.URL == "" {
				t.Fatalf("department %s loaded without a URL", id)
			}
			check(e)
		}
	})
}
