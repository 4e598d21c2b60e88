package jobs

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

// call runs one request through the handler, as fasthttp would.
func call(h fasthttp.RequestHandler, method, uri, ctype string, body []byte) (int, []byte) {
	var ctx fasthttp.RequestCtx
	ctx.Request.Header.SetMethod(method)
	ctx.Request.SetRequestURI(uri)
	if ctype != "" {
		ctx.Request.Header.SetContentType(ctype)
	}
	ctx.Request.SetBody(body)
	h(&ctx)
	return ctx.Response.StatusCode(), append([]byte(nil), ctx.Response.Body()...)
}

func waitStatus(t *testing.T, h fasthttp.RequestHandler, id string, want ...string) jobView {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		code, body := call(h, "GET", "/v1/jobs/"+id, "", nil)
		if code != 200 {
			t.Fatalf("status %d %s", code, body)
		}
		var v jobView
		json.Unmarshal(body, &v)
		for _, w := range want {
			if v.Status == w {
				return v
			}
		}
		if v.Status == StatusFailed {
			t.Fatalf("job failed: %s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %s never reached %v", id, want)
	return jobView{}
}

func TestManager(t *testing.T) {
	abs, _ := filepath.Abs("input/testdata")
	m, err := NewManager(testEngine, ManagerOptions{Dir: t.TempDir(), InputRoots: []string{abs}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := m.Handler()

	// A server-side folder.
	code, body := call(h, "POST", "/v1/jobs", "application/json", []byte(`{"input": ["`+abs+`"], "workers": 2}`))
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var v jobView
	json.Unmarshal(body, &v)
	done := waitStatus(t, h, v.ID, StatusDone)
	if done.Records != 56 || done.Failed != 4 || done.Progress == nil || done.Progress.Percent != 100 {
		t.Errorf("done view %+v %+v", done, done.Progress)
	}
	code, body = call(h, "GET", "/v1/jobs/"+v.ID+"/results", "", nil)
	if code != 200 || bytes.Count(body, []byte("\n")) != 56 {
		t.Errorf("results: %d, %d lines", code, bytes.Count(body, []byte("\n")))
	}
	code, body = call(h, "GET", "/v1/jobs/"+v.ID+"/summary", "", nil)
	var sum Summary
	if code != 200 || json.Unmarshal(body, &sum) != nil || sum.Records != 56 {
		t.Errorf("summary: %d %.200s", code, body)
	}
	if code, body = call(h, "GET", "/v1/jobs/"+v.ID+"/report", "", nil); code != 200 || !bytes.Contains(body, []byte("<svg")) {
		t.Errorf("report: %d", code)
	}
	if code, body = call(h, "GET", "/v1/jobs", "", nil); code != 200 || !bytes.Contains(body, []byte(v.ID)) {
		t.Errorf("list: %d %s", code, body)
	}

	// A multipart upload of the GBK CSV.
	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	fw, _ := w.CreateFormFile("file", "reviews_gbk.csv")
	fw.Write(readFile(t, "input/testdata/reviews_gbk.csv"))
	w.WriteField("industry", "food_delivery")
	w.Close()
	code, body = call(h, "POST", "/v1/jobs", w.FormDataContentType(), mp.Bytes())
	if code != 202 {
		t.Fatalf("upload: %d %s", code, body)
	}
	json.Unmarshal(body, &v)
	if done := waitStatus(t, h, v.ID, StatusDone); done.Records != 8 || done.Input[0] != "uploads/reviews_gbk.csv" {
		t.Errorf("upload job %+v", done)
	}
	_, body = call(h, "GET", "/v1/jobs/"+v.ID+"/results", "", nil)
	if !strings.Contains(string(body), `"id":"food_delivery"`) || !strings.Contains(string(body), "超时是可以的理解的") {
		t.Errorf("upload results lack the industry or the converted text: %.300s", body)
	}
	// Delete a finished job.
	if code, _ := call(h, "DELETE", "/v1/jobs/"+v.ID, "", nil); code != 200 {
		t.Errorf("delete: %d", code)
	}
	if code, _ := call(h, "GET", "/v1/jobs/"+v.ID, "", nil); code != 404 {
		t.Errorf("deleted job still there: %d", code)
	}

	// A raw JSONL body.
	code, body = call(h, "POST", "/v1/jobs?filename=chat.jsonl", "application/x-ndjson", []byte(`{"id":"a","text":"送餐太慢了，饭都凉了"}`+"\n"))
	if code != 202 {
		t.Fatalf("raw upload: %d %s", code, body)
	}
	json.Unmarshal(body, &v)
	waitStatus(t, h, v.ID, StatusDone)

	// Errors.
	tests := []struct {
		name, method, uri, ctype, body string
		code                           int
		errCode                        string
	}{
		{"outside roots", "POST", "/v1/jobs", "application/json", `{"input": ["/etc/passwd"]}`, 403, "forbidden"},
		{"dotdot", "POST", "/v1/jobs", "application/json", `{"input": ["` + abs + `/../../job.go"]}`, 403, "forbidden"},
		{"no input", "POST", "/v1/jobs", "application/json", `{}`, 400, "bad_request"},
		{"bad json", "POST", "/v1/jobs", "application/json", `{`, 400, "bad_json"},
		{"bad format", "POST", "/v1/jobs", "application/json", `{"input": ["` + abs + `"], "format": "xml"}`, 400, "bad_request"},
		{"unknown job", "GET", "/v1/jobs/job_0123456789abcdef", "", "", 404, "not_found"},
		{"bad id", "GET", "/v1/jobs/../../etc", "", "", 404, "not_found"},
		{"method", "PUT", "/v1/jobs", "", "", 405, "method_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(h, tt.method, tt.uri, tt.ctype, []byte(tt.body))
			var e map[string]apiError
			json.Unmarshal(body, &e)
			if code != tt.code || e["error"].Code != tt.errCode || e["error"].Message == "" {
				t.Errorf("%d %s, want %d %s", code, body, tt.code, tt.errCode)
			}
		})
	}
}

func TestManagerCancelResume(t *testing.T) {
	dir := t.TempDir()
	in := bigInput(t, dir, 3000)
	m, err := NewManager(testEngine, ManagerOptions{Dir: t.TempDir(), InputRoots: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := m.Handler()
	b, _ := json.Marshal(map[string]any{"input": in})
	code, body := call(h, "POST", "/v1/jobs", "application/json", b)
	if code != 202 {
		t.Fatalf("%d %s", code, body)
	}
	var v jobView
	json.Unmarshal(body, &v)
	waitStatus(t, h, v.ID, StatusRunning)
	// Let some records through, then cancel.
	for i := 0; i < 200; i++ {
		_, body := call(h, "GET", "/v1/jobs/"+v.ID, "", nil)
		var s jobView
		json.Unmarshal(body, &s)
		if s.Records > 0 || s.Status != StatusRunning {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, body := call(h, "DELETE", "/v1/jobs/"+v.ID, "", nil); code != 202 {
		t.Fatalf("cancel: %d %s", code, body)
	}
	c := waitStatus(t, h, v.ID, StatusCancelled, StatusDone)
	t.Logf("cancelled after %d records", c.Records)
	if c.Status == StatusCancelled {
		if code, _ := call(h, "GET", "/v1/jobs/"+v.ID+"/summary", "", nil); code != 409 {
			t.Errorf("summary of a cancelled job: %d, want 409", code)
		}
		if code, body := call(h, "POST", "/v1/jobs/"+v.ID+"/resume", "", nil); code != 202 {
			t.Fatalf("resume: %d %s", code, body)
		}
	}
	d := waitStatus(t, h, v.ID, StatusDone)
	if d.Records != 3000+16 {
		t.Errorf("records after resume %d, want %d", d.Records, 3016)
	}
	_, res := call(h, "GET", "/v1/jobs/"+v.ID+"/results", "", nil)
	if n := bytes.Count(res, []byte("\n")); n != 3016 {
		t.Errorf("%d result lines after cancel+resume, want 3016", n)
	}
}
