package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestParseErrorsEchoNothing: a request fasthttp cannot read gets 431 (headers too large)
// or 400, as JSON, and the answer repeats nothing of the request: not the API key, not
// the header values.
func TestParseErrorsEchoNothing(t *testing.T) {
	ts := start(t, Options{Keys: testKeys})
	addr := strings.TrimPrefix(ts.base, "http://")
	f := func(name, raw string, status int, code string) {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, raw); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != status {
			t.Fatalf("%s: status %d, want %d: %s", name, resp.StatusCode, status, b)
		}
		if got := errorCode(t, response{resp.StatusCode, resp.Header, b}); got != code {
			t.Fatalf("%s: code %q, want %q", name, got, code)
		}
		for _, secret := range []string{keyAnalyze, "analyze-key", "Bearer", "padpadpad", "/v1/analyze", "送餐"} {
			if strings.Contains(string(b), secret) {
				t.Fatalf("%s: the answer echoes %q: %s", name, secret, b)
			}
		}
	}
	pad := strings.Repeat("padpadpad", 600) // 5.4 KB
	body := `{"text":"送餐很快"}`
	f("huge header", fmt.Sprintf("POST /v1/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nX-Pad: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", keyAnalyze, pad, len(body), body), 431, codeHeaderTooLarge)
	f("key then huge header", fmt.Sprintf("GET /v1/kg/industries HTTP/1.1\r\nAuthorization: Bearer %s\r\nHost: %s\r\n\r\n", keyAnalyze, pad), 431, codeHeaderTooLarge)
	f("bad content length", fmt.Sprintf("POST /v1/analyze HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 送餐%s\r\n\r\n%s", keyAnalyze, keyAnalyze, body), 400, codeBadRequest)
	f("bad request line", fmt.Sprintf("POST\t/v1/analyze?k=%s\r\nHost: x\r\n\r\n", keyAnalyze), 400, codeBadRequest)
	// The server lives on.
	if r := do(t, "POST", ts.base+"/v1/analyze", body, keyAnalyze); r.status != 200 {
		t.Fatalf("after parse errors: %d %s", r.status, r.body)
	}
}
