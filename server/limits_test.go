package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/jobs"
)

// rawRequest sends head (request line and headers, without the blank line) then body
// chunks from send (until it returns nil or a write fails) on a fresh connection, and
// reads the answer while the body is still being written. It returns the response
// (nil when the server reset the connection before an answer could be read).
func rawRequest(t *testing.T, addr, head string, send func(i int) []byte) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, head+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := 0; ; i++ {
			b := send(i)
			if b == nil {
				return
			}
			if _, err := conn.Write(b); err != nil {
				return // the server closed the connection: the rest is never read
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(b)))
	return resp
}

// TestUnauthenticatedFloodMemory: with API keys on, concurrent large bodies without a key
// are answered 401 (and over the route's limit 413) from their headers: the server does
// not read them, so the bytes allocated while they are refused stay far below the bytes
// sent (before the fix every body was read, up to 64 MiB each, before auth).
func TestUnauthenticatedFloodMemory(t *testing.T) {
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Keys: testKeys, Jobs: jm})
	addr := strings.TrimPrefix(ts.base, "http://")
	const (
		clients = 8
		size    = 48 << 20 // under the 64 MiB upload limit
		chunk   = 256 << 10
	)
	buf := []byte(strings.Repeat(`{"id":"a","text":"送餐太慢了，饭都凉了"}`+"\n", chunk/48))
	chunked := fmt.Appendf(nil, "%x\r\n%s\r\n", len(buf), buf) // built once: the client allocates next to nothing
	body := func(limit int) func(int) []byte {
		return func(i int) []byte {
			if i*len(buf) >= limit {
				return nil
			}
			return buf
		}
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	type result struct {
		what   string
		status int
	}
	results := make(chan result, 3*clients)
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(3)
		go func() { // no key, known length, upload route
			defer wg.Done()
			r := rawRequest(t, addr, fmt.Sprintf("POST /v1/jobs?filename=a.jsonl HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: %d", size), body(size))
			results <- result{"no key, Content-Length", status(r)}
		}()
		go func() { // no key, chunked
			defer wg.Done()
			r := rawRequest(t, addr, "POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", func(i int) []byte {
				if i*len(buf) >= size {
					return nil
				}
				return chunked
			})
			results <- result{"no key, chunked", status(r)}
		}()
		go func() { // a valid key, over the route's limit
			defer wg.Done()
			r := rawRequest(t, addr, fmt.Sprintf("POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d", keyAnalyze, size), body(size))
			results <- result{"key, over the limit", status(r)}
		}()
	}
	wg.Wait()
	close(results)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	answered := 0
	for r := range results {
		want := 401
		if r.what == "key, over the limit" {
			want = 413
		}
		if r.status != 0 {
			answered++
			if r.status != want {
				t.Errorf("%s: status %d, want %d", r.what, r.status, want)
			}
		}
	}
	if answered < clients {
		t.Errorf("only %d of %d floods got an answer before the connection closed", answered, 3*clients)
	}
	sent := uint64(3 * clients * size)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d MiB offered, %d MiB allocated by the whole process meanwhile", sent>>20, alloc>>20)
	if alloc > 64<<20 {
		t.Errorf("%d MiB allocated while refusing %d MiB of unauthorized or oversized bodies: the bodies were read", alloc>>20, sent>>20)
	}
	if ts.bodies.inUse() != 0 {
		t.Errorf("%d body bytes still reserved", ts.bodies.inUse())
	}
}

func status(r *http.Response) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
}

// TestBodyBudget: bodies in flight share one budget; a request that does not fit is
// answered 503 with Retry-After before its body is read, and served once the budget frees.
func TestBodyBudget(t *testing.T) {
	const limit = 256 << 10
	ts := start(t, Options{Keys: testKeys, MaxBodyBytes: limit, MaxUploadBytes: limit, MaxInflightBodyBytes: 2 * limit})
	addr := strings.TrimPrefix(ts.base, "http://")
	text := `{"text":"送餐很快，味道不错"}`
	padded := text + strings.Repeat(" ", limit-len(text))
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { // hold limit bytes each: send the first KiB, wait, send the rest
			defer wg.Done()
			r := rawRequest(t, addr, fmt.Sprintf("POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d", keyAnalyze, limit), func(i int) []byte {
				switch i {
				case 0:
					return []byte(padded[:1024])
				case 1:
					<-release
					return []byte(padded[1024:])
				}
				return nil
			})
			if status(r) != 200 {
				t.Errorf("held request: status %d", status(r))
			}
		}()
	}
	for deadline := time.Now().Add(30 * time.Second); ts.bodies.inUse() < 2*limit; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the two held bodies reserve %d bytes, want %d", ts.bodies.inUse(), 2*limit)
		}
	}
	r := do(t, "POST", ts.base+"/v1/analyze", text, keyAnalyze)
	if r.status != 503 || r.header.Get("Retry-After") == "" || errorCode(t, r) != codeOverloaded {
		t.Errorf("budget taken: %d %v %s", r.status, r.header, r.body)
	}
	// chunked bodies count against the same budget as they stream
	cr := rawRequest(t, addr, fmt.Sprintf("POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", keyAnalyze), func(i int) []byte {
		if i == 0 {
			return fmt.Appendf(nil, "%x\r\n%s\r\n0\r\n\r\n", len(text), text)
		}
		return nil
	})
	if status(cr) != 503 {
		t.Errorf("chunked body with the budget taken: status %d", status(cr))
	}
	close(release)
	wg.Wait()
	if n := ts.bodies.inUse(); n != 0 {
		t.Errorf("%d bytes still reserved after the requests finished", n)
	}
	if r := do(t, "POST", ts.base+"/v1/analyze", text, keyAnalyze); r.status != 200 {
		t.Errorf("after the budget freed: %d %s", r.status, r.body)
	}
	metrics := string(do(t, "GET", ts.base+"/metrics", "", keyAdmin).body)
	if !strings.Contains(metrics, `tingzhen_rejected_total{reason="body_budget"} 2`) {
		t.Errorf("metrics do not count the body_budget rejection:\n%s", grepLines(metrics, "tingzhen_rejected_total"))
	}
}

// TestChunkedBodyLimit: a chunked body is counted as it streams: over the route's limit
// it gets 413; within it, it is served.
func TestChunkedBodyLimit(t *testing.T) {
	const limit = 64 << 10
	ts := start(t, Options{Keys: testKeys, MaxBodyBytes: limit})
	addr := strings.TrimPrefix(ts.base, "http://")
	chunked := func(body string, chunks int) *http.Response {
		return rawRequest(t, addr, fmt.Sprintf("POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", keyAnalyze), func(i int) []byte {
			switch {
			case i < chunks:
				return fmt.Appendf(nil, "%x\r\n%s\r\n", len(body), body)
			case i == chunks:
				return []byte("0\r\n\r\n")
			}
			return nil
		})
	}
	small := `{"text":"送餐很快，味道不错"}`
	if r := chunked(small, 1); status(r) != 200 {
		t.Errorf("small chunked body: status %d", status(r))
	}
	big := strings.Repeat(" ", 16<<10)
	r := chunked(big, 64) // 1 MiB of spaces in 16 KiB chunks
	if status(r) != 413 {
		t.Fatalf("1 MiB chunked body, limit %d: status %d", limit, status(r))
	}
	b, _ := io.ReadAll(r.Body)
	if !strings.Contains(string(b), codeBodyTooLarge) {
		t.Errorf("413 body: %s", b)
	}
}

// TestExpectContinue: a client that asks before sending its body gets 417 without a
// valid key or over the largest limit, and 100 Continue otherwise.
func TestExpectContinue(t *testing.T) {
	ts := start(t, Options{Keys: testKeys, MaxBodyBytes: 64 << 10, MaxUploadBytes: 1 << 20})
	addr := strings.TrimPrefix(ts.base, "http://")
	f := func(key string, length, want int) {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		auth := ""
		if key != "" {
			auth = "Authorization: Bearer " + key + "\r\n"
		}
		fmt.Fprintf(conn, "POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\n%sContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", auth, length)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			t.Fatalf("key %q, %d bytes: %v", key, length, err)
		}
		if !strings.HasPrefix(line, fmt.Sprintf("HTTP/1.1 %d", want)) {
			t.Errorf("key %q, %d bytes: %q, want %d", key, length, line, want)
		}
	}
	f("", 100, 417)
	f("wrong-key-0123456789", 100, 417)
	f(keyAnalyze, 2<<20, 417)
	f(keyAnalyze, 100, 100)
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestIdleConnection408: a connection that sends nothing, or half a request line, within
// ReadTimeout is answered 408 request_timeout (it was an unsolicited 400 blaming the
// client's framing), then closed.
func TestIdleConnection408(t *testing.T) {
	ts := start(t, Options{ReadTimeout: 200 * time.Millisecond})
	for _, sent := range []string{"", "GET /healthz HT"} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(ts.base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, sent)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		b, err := io.ReadAll(conn)
		conn.Close()
		if err != nil || !strings.HasPrefix(string(b), "HTTP/1.1 408 ") || !strings.Contains(string(b), codeRequestTimeout) {
			t.Errorf("sent %q then waited: %v %q", sent, err, b)
		}
	}
}

// TestMultipartUploadAfterAuth: a multipart upload is parsed by the jobs handler from the
// body read after authentication (fasthttp no longer pre-parses it before the handler).
func TestMultipartUploadAfterAuth(t *testing.T) {
	jm, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jm.Close() })
	ts := start(t, Options{Keys: testKeys, Jobs: jm})
	body := "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n" + `{"id":"a","text":"送餐太慢了，饭都凉了"}` + "\n\r\n--x--\r\n"
	r := rawDo(t, "POST", ts.base+"/v1/jobs", "", "", "multipart/form-data; boundary=x", body, keyAdmin)
	if r.status != 202 {
		t.Fatalf("multipart upload with a key: %d %s", r.status, r.body)
	}
	r = rawDo(t, "POST", ts.base+"/v1/jobs", "", "", "multipart/form-data; boundary=x", body, "")
	if r.status != 401 {
		t.Fatalf("multipart upload without a key: %d %s", r.status, r.body)
	}
}
