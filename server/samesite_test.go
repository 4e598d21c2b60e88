package server

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/jobs"
)

// rawDo sends one request with an explicit Host, Origin and Content-Type (each "" = not sent).
func rawDo(t *testing.T, method, url, host, origin, ctype, body, key string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

// TestNoKeyCrossSite: without API keys (make run) a foreign page cannot write through the
// user's browser: foreign Origin 403, form content types 415, foreign Host (DNS
// rebinding) 403; curl-style JSON requests still work. With keys the key protects.
func TestNoKeyCrossSite(t *testing.T) {
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Jobs: jm})
	port := ts.base[strings.LastIndexByte(ts.base, ':'):]
	const evil = "https://evil.example"
	termBody := func(term string) string {
		return `{"industry":"food_delivery","aspect":"flavor","term":"` + term + `"}`
	}
	mapped := func(term string) bool { // the industry's graph lists the term
		r := do(t, "GET", ts.base+"/v1/kg/industries/food_delivery", "", "")
		if r.status != 200 {
			t.Fatalf("industry: %d %s", r.status, r.body)
		}
		return strings.Contains(string(r.body), term)
	}
	jobCount := func() int {
		r := do(t, "GET", ts.base+"/v1/jobs", "", "")
		if r.status != 200 {
			t.Fatalf("list jobs: %d %s", r.status, r.body)
		}
		return strings.Count(string(r.body), `"job_`)
	}
	const jsonl = `{"id":"a","text":"送餐太慢了，饭都凉了"}` + "\n"
	f := func(name, method, path, host, origin, ctype, body string, status int, code string) {
		t.Helper()
		r := rawDo(t, method, ts.base+path, host, origin, ctype, body, "")
		if r.status != status {
			t.Fatalf("%s: status %d, want %d: %s", name, r.status, status, r.body)
		}
		if code != "" {
			if got := errorCode(t, r); got != code {
				t.Fatalf("%s: code %q, want %q", name, got, code)
			}
		}
	}
	// Cross-site writes are refused and change nothing.
	f("form term, foreign origin", "POST", "/v1/kg/terms", "", evil, "text/plain", termBody("炉膛香"), 403, codeForbidden)
	f("form term, null origin", "POST", "/v1/kg/terms", "", "null", "text/plain;charset=UTF-8", termBody("炉膛香"), 403, codeForbidden)
	f("text/plain term, no origin", "POST", "/v1/kg/terms", "", "", "text/plain", termBody("炉膛香"), 415, codeUnsupportedType)
	f("urlencoded term, no origin", "POST", "/v1/kg/terms", "", "", "application/x-www-form-urlencoded", termBody("炉膛香"), 415, codeUnsupportedType)
	f("typeless term", "POST", "/v1/kg/terms", "", "", "", termBody("炉膛香"), 415, codeUnsupportedType)
	f("json term, foreign origin", "POST", "/v1/kg/terms", "", evil, "application/json", termBody("炉膛香"), 403, codeForbidden)
	f("json term, rebinding host", "POST", "/v1/kg/terms", "evil.example"+port, "", "application/json", termBody("炉膛香"), 403, codeForbidden)
	if mapped("炉膛香") {
		t.Fatal("a refused cross-site request added its term")
	}
	f("form job, foreign origin", "POST", "/v1/jobs?filename=a.jsonl", "", evil, "text/plain", jsonl, 403, codeForbidden)
	f("text/plain job, no origin", "POST", "/v1/jobs?filename=a.jsonl", "", "", "text/plain", jsonl, 415, codeUnsupportedType)
	f("multipart job, no origin", "POST", "/v1/jobs", "", "", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n"+jsonl+"\r\n--x--\r\n", 415, codeUnsupportedType)
	f("delete job, foreign origin", "DELETE", "/v1/jobs/job_0123456789abcdef", "", evil, "", "", 403, codeForbidden)
	if n := jobCount(); n != 0 {
		t.Fatalf("refused cross-site requests created %d jobs", n)
	}
	// DNS rebinding: a foreign Host is refused on reads too.
	f("rebinding read", "GET", "/v1/kg/industries", "evil.example"+port, "", "", "", 403, codeForbidden)
	f("rebinding bare host", "GET", "/v1/kg/industries", "127.0.0.1.evil.example", "", "", "", 403, codeForbidden)
	// Loopback hosts, loopback origins and curl (no Origin) with JSON work.
	f("localhost host", "GET", "/v1/kg/industries", "localhost"+port, "", "", "", 200, "")
	f("LOCALHOST no port", "GET", "/healthz", "LOCALHOST", "", "", "", 200, "")
	f("ipv6 host", "GET", "/v1/kg/industries", "[::1]"+port, "", "", "", 200, "")
	f("loopback page analyzes", "POST", "/v1/analyze", "localhost"+port, "http://localhost:3000", "application/json; charset=utf-8", `{"text":"送餐很快"}`, 200, "")
	f("curl json term", "POST", "/v1/kg/terms", "", "", "application/json", termBody("灶台香"), 200, "")
	if !mapped("灶台香") {
		t.Fatal("term added with JSON from a non-browser client is not mapped")
	}
	f("curl csv job", "POST", "/v1/jobs?filename=a.jsonl", "", "", "application/x-ndjson", jsonl, 202, "")
	if n := jobCount(); n != 1 {
		t.Fatalf("%d jobs after one accepted upload", n)
	}

	// With API keys the bearer key protects: the same text/plain foreign-origin request
	// with a valid key is served (a browser cannot attach it cross-site).
	tk := start(t, Options{Keys: testKeys})
	if r := rawDo(t, "POST", tk.base+"/v1/analyze", "evil.example", evil, "text/plain", `{"text":"送餐很快"}`, keyAnalyze); r.status != 200 {
		t.Fatalf("keyed server refused a keyed request: %d %s", r.status, r.body)
	}
	if r := rawDo(t, "POST", tk.base+"/v1/kg/terms", "", evil, "text/plain", termBody("炉膛香"), ""); r.status != 401 {
		t.Fatalf("keyed server, no key: %d %s", r.status, r.body)
	}
}

func TestLoopbackHost(t *testing.T) {
	f := func(host string, want bool) {
		t.Helper()
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
	f("127.0.0.1:8080", true)
	f("127.0.0.1", true)
	f("localhost:8080", true)
	f("LocalHost.", true)
	f("[::1]:8080", true)
	f("[::1]", true)
	f("::1", true)
	f("", true)
	f("evil.example:8080", false)
	f("localhost.evil.example", false)
	f("127.0.0.1.nip.io:8080", false)
	f("[::1]x", false)
	f("[::1", false)
	f("0.0.0.0:8080", false)
	f("192.168.1.2:8080", false)
	f("[2001:db8::1]:80", false)
}

func TestLoopbackOrigin(t *testing.T) {
	f := func(origin string, want bool) {
		t.Helper()
		if got := loopbackOrigin(origin); got != want {
			t.Errorf("loopbackOrigin(%q) = %v, want %v", origin, got, want)
		}
	}
	f("http://localhost:3000", true)
	f("https://127.0.0.1", true)
	f("http://[::1]:8080", true)
	f("null", false)
	f("file://", false)
	f("http://evil.example", false)
	f("http://localhost.evil.example", false)
	f("ftp://localhost", false)
}

func FuzzLoopbackHost(f *testing.F) {
	for _, s := range []string{"127.0.0.1:8080", "[::1]:1", "localhost", "evil.example", "[", "::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if loopbackHost(s) && s != "" && !strings.Contains(strings.ToLower(s), "localhost") && !strings.Contains(s, "127.") && !strings.Contains(s, ":") {
			t.Fatalf("loopbackHost(%q) accepted a host that names no loopback address", s)
		}
		loopbackOrigin(s)
	})
}
