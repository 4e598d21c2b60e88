package server

// The jobs routes (jobs.go) in process: a Server's Handler called with a RequestCtx, as
// fasthttp calls it. These tests were jobs/'s own while jobs served its HTTP itself.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/testfixture"
)

// Fixtures of package jobs' tests.
const (
	jobsIndustryFixture = "testdata/industry/fruit_reviews.jsonl"
	jobsDatedFixture    = "testdata/dated/reviews_dated.csv"
)

// jobsHandler is the handler of a server (never served) that serves m's jobs, with API
// keys (call sends the admin key): without keys the server refuses multipart bodies, which
// a browser may send cross-site (samesite.go).
func jobsHandler(t *testing.T, m *jobs.Manager) fasthttp.RequestHandler {
	t.Helper()
	s, err := New(testEngine, Options{Jobs: m, Keys: testKeys, NoAccessLog: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Handler
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// call runs one request through the handler, as fasthttp would, with the admin key.
func call(h fasthttp.RequestHandler, method, uri, ctype string, body []byte) (int, []byte) {
	var ctx fasthttp.RequestCtx
	ctx.Request.Header.Set("Authorization", "Bearer "+keyAdmin)
	ctx.Request.Header.SetMethod(method)
	ctx.Request.SetRequestURI(uri)
	if ctype != "" {
		ctx.Request.Header.SetContentType(ctype)
	}
	ctx.Request.SetBody(body)
	h(&ctx)
	return ctx.Response.StatusCode(), append([]byte(nil), ctx.Response.Body()...)
}

func waitStatus(t *testing.T, h fasthttp.RequestHandler, id string, want ...string) jobs.View {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		code, body := call(h, "GET", "/v1/jobs/"+id, "", nil)
		if code != 200 {
			t.Fatalf("status %d %s", code, body)
		}
		var v jobs.View
		json.Unmarshal(body, &v)
		for _, w := range want {
			if v.Status == w {
				return v
			}
		}
		if v.Status == jobs.StatusFailed {
			t.Fatalf("job failed: %s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %s never reached %v", id, want)
	return jobs.View{}
}

func TestManager(t *testing.T) {
	abs, _ := filepath.Abs("../jobs/input/testdata")
	m, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir(), InputRoots: []string{abs}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := jobsHandler(t, m)

	// A server-side folder.
	code, body := call(h, "POST", "/v1/jobs", "application/json", []byte(`{"input": ["`+abs+`"], "workers": 2}`))
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var v jobs.View
	json.Unmarshal(body, &v)
	done := waitStatus(t, h, v.ID, jobs.StatusDone)
	if done.Records != 56 || done.Failed != 4 || done.Progress == nil || done.Progress.Percent != 100 {
		t.Errorf("done view %+v %+v", done, done.Progress)
	}
	code, body = call(h, "GET", "/v1/jobs/"+v.ID+"/results", "", nil)
	if code != 200 || bytes.Count(body, []byte("\n")) != 56 {
		t.Errorf("results: %d, %d lines", code, bytes.Count(body, []byte("\n")))
	}
	code, body = call(h, "GET", "/v1/jobs/"+v.ID+"/summary", "", nil)
	var sum jobs.Summary
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
	fw.Write(readFile(t, "../jobs/input/testdata/reviews_gbk.csv"))
	w.WriteField("industry", "food_delivery")
	w.Close()
	code, body = call(h, "POST", "/v1/jobs", w.FormDataContentType(), mp.Bytes())
	if code != 202 {
		t.Fatalf("upload: %d %s", code, body)
	}
	json.Unmarshal(body, &v)
	if done := waitStatus(t, h, v.ID, jobs.StatusDone); done.Records != 8 || done.Input[0] != "uploads/reviews_gbk.csv" {
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
	waitStatus(t, h, v.ID, jobs.StatusDone)

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
			var e map[string]struct{ Code, Message string }
			json.Unmarshal(body, &e)
			if code != tt.code || e["error"].Code != tt.errCode || e["error"].Message == "" {
				t.Errorf("%d %s, want %d %s", code, body, tt.code, tt.errCode)
			}
		})
	}
}

func TestManagerCancelResume(t *testing.T) {
	dir := t.TempDir()
	in := testfixture.JobInput(t, "..", dir, 3000)
	m, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir(), InputRoots: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := jobsHandler(t, m)
	b, _ := json.Marshal(map[string]any{"input": in})
	code, body := call(h, "POST", "/v1/jobs", "application/json", b)
	if code != 202 {
		t.Fatalf("%d %s", code, body)
	}
	var v jobs.View
	json.Unmarshal(body, &v)
	waitStatus(t, h, v.ID, jobs.StatusRunning)
	// Let some records through, then cancel.
	for i := 0; i < 200; i++ {
		_, body := call(h, "GET", "/v1/jobs/"+v.ID, "", nil)
		var s jobs.View
		json.Unmarshal(body, &s)
		if s.Records > 0 || s.Status != jobs.StatusRunning {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code, body := call(h, "DELETE", "/v1/jobs/"+v.ID, "", nil); code != 202 {
		t.Fatalf("cancel: %d %s", code, body)
	}
	c := waitStatus(t, h, v.ID, jobs.StatusCancelled, jobs.StatusDone)
	t.Logf("cancelled after %d records", c.Records)
	if c.Status == jobs.StatusCancelled {
		if code, _ := call(h, "GET", "/v1/jobs/"+v.ID+"/summary", "", nil); code != 409 {
			t.Errorf("summary of a cancelled job: %d, want 409", code)
		}
		if code, body := call(h, "POST", "/v1/jobs/"+v.ID+"/resume", "", nil); code != 202 {
			t.Fatalf("resume: %d %s", code, body)
		}
	}
	d := waitStatus(t, h, v.ID, jobs.StatusDone)
	if d.Records != 3000+16 {
		t.Errorf("records after resume %d, want %d", d.Records, 3016)
	}
	_, res := call(h, "GET", "/v1/jobs/"+v.ID+"/results", "", nil)
	if n := bytes.Count(res, []byte("\n")); n != 3016 {
		t.Errorf("%d result lines after cancel+resume, want 3016", n)
	}
}

// TestManagerStorage: uploads are refused with 507 when the jobs disk is under its reserve
// (disk_full) or the jobs folder would pass its total quota (quota_exceeded), in one
// sentence that names no server path; a job whose results pass its per-job quota fails
// with quota_exceeded and resumes once the quota allows.
func TestManagerStorage(t *testing.T) {
	upload := readFile(t, "../jobs/input/testdata/reviews.jsonl")
	f := func(opt jobs.ManagerOptions, wantCode int, wantErr string) {
		t.Helper()
		opt.Dir = t.TempDir()
		m, err := jobs.NewManager(testEngine, opt)
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		code, body := call(jobsHandler(t, m), "POST", "/v1/jobs?format=jsonl", "application/x-ndjson", upload)
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		json.Unmarshal(body, &e)
		if code != wantCode || e.Error.Code != wantErr {
			t.Errorf("%+v: %d %s; want %d %s", opt, code, body, wantCode, wantErr)
		}
		if strings.Contains(string(body), opt.Dir) {
			t.Errorf("the answer names the server path: %s", body)
		}
		if ents, _ := os.ReadDir(opt.Dir); code == 507 && len(ents) != 0 {
			t.Errorf("a refused upload left %d entries", len(ents))
		}
	}
	free, err := diskspace.Free(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f(jobs.ManagerOptions{MinFreeDisk: free + 1<<40}, 507, "disk_full")
	f(jobs.ManagerOptions{MaxTotalBytes: int64(len(upload)) - 1}, 507, "quota_exceeded")
	f(jobs.ManagerOptions{MaxJobBytes: int64(len(upload)) - 1}, 507, "quota_exceeded")

	// Per-job quota met by the results (they are about 10x the upload).
	dir := t.TempDir()
	m, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: dir, MaxJobBytes: int64(len(upload)) * 3})
	if err != nil {
		t.Fatal(err)
	}
	h := jobsHandler(t, m)
	code, body := call(h, "POST", "/v1/jobs?format=jsonl", "application/x-ndjson", upload)
	if code != 202 {
		m.Close()
		t.Fatalf("create: %d %s", code, body)
	}
	var v jobs.View
	json.Unmarshal(body, &v)
	got := waitStatusAllowFail(t, h, v.ID)
	if got.Status != jobs.StatusFailed || got.Error == nil || got.Error.Code != "quota_exceeded" || !strings.Contains(got.Error.Message, "/resume") {
		t.Fatalf("job over its quota: %+v %+v", got, got.Error)
	}
	m.Close()
	m, err = jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h = jobsHandler(t, m)
	if code, body := call(h, "POST", "/v1/jobs/"+v.ID+"/resume", "", nil); code != 202 {
		t.Fatalf("resume: %d %s", code, body)
	}
	if done := waitStatus(t, h, v.ID, jobs.StatusDone); done.Records == 0 {
		t.Errorf("resumed job: %+v", done)
	}
}

// waitStatusAllowFail waits until the job is done or failed.
func waitStatusAllowFail(t *testing.T, h fasthttp.RequestHandler, id string) jobs.View {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		code, body := call(h, "GET", "/v1/jobs/"+id, "", nil)
		var v jobs.View
		if code != 200 || json.Unmarshal(body, &v) != nil {
			t.Fatalf("status %d %s", code, body)
		}
		if v.Status == jobs.StatusDone || v.Status == jobs.StatusFailed {
			return v
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("job %s never ended", id)
	return jobs.View{}
}

// TestManagerEncoding: POST /v1/jobs takes encoding: a GBK upload of real reviews named
// gbk is read whole; an unknown encoding is a 400.
func TestManagerEncoding(t *testing.T) {
	m, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := jobsHandler(t, m)
	gbk := readFile(t, "../jobs/input/testdata/reviews_gbk.csv")
	if code, body := call(h, "POST", "/v1/jobs?format=csv&encoding=latin-1", "text/csv", gbk); code != 400 || !strings.Contains(string(body), "encoding") {
		t.Errorf("unknown encoding: %d %s", code, body)
	}
	code, body := call(h, "POST", "/v1/jobs?format=csv&encoding=gbk", "text/csv", gbk)
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var v jobs.View
	json.Unmarshal(body, &v)
	done := waitStatus(t, h, v.ID, jobs.StatusDone)
	if done.Records == 0 || done.Failed != 0 {
		t.Errorf("GBK upload with encoding=gbk: %+v", done)
	}
}

// POST /v1/jobs takes industry_mode (JSON body and raw-upload query), reports the choice
// in the job's summary, and refuses an unknown mode with a 400.
func TestManagerIndustryMode(t *testing.T) {
	abs, _ := filepath.Abs("../jobs/testdata/industry")
	m, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir(), InputRoots: []string{abs}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := jobsHandler(t, m)
	body := readFile(t, "../jobs/"+jobsIndustryFixture)
	f := func(method, uri, ctype string, req []byte, wantCode int, wantMode, wantIndustry string) {
		t.Helper()
		code, resp := call(h, method, uri, ctype, req)
		if code != wantCode {
			t.Fatalf("%s: %d %s, want %d", uri, code, resp, wantCode)
		}
		if code != 202 {
			return
		}
		var v jobs.View
		json.Unmarshal(resp, &v)
		waitStatus(t, h, v.ID, jobs.StatusDone)
		_, resp = call(h, "GET", "/v1/jobs/"+v.ID+"/summary", "", nil)
		var s jobs.Summary
		if err := json.Unmarshal(resp, &s); err != nil || s.IndustryChoice == nil || s.IndustryChoice.Mode != wantMode || s.IndustryChoice.Industry != wantIndustry {
			t.Errorf("%s %s: industry_choice %+v (%v), want %s %q", uri, req, s.IndustryChoice, err, wantMode, wantIndustry)
		}
	}
	f("POST", "/v1/jobs", "application/json", []byte(`{"input": ["`+abs+`/fruit_reviews.jsonl"]}`), 202, "dominant", "ecommerce")
	f("POST", "/v1/jobs", "application/json", []byte(`{"input": ["`+abs+`/fruit_reviews.jsonl"], "industry_mode": "record"}`), 202, "record", "")
	f("POST", "/v1/jobs?filename=fruit.jsonl&industry_mode=dominant", "application/x-ndjson", body, 202, "dominant", "ecommerce")
	f("POST", "/v1/jobs?filename=fruit.jsonl&industry_mode=majority", "application/x-ndjson", body, 400, "", "")
}

// TestManagerNamedAspects: POST /v1/jobs takes the job's aspects (a JSON array, or a
// multipart field listing them as a CSV cell does); a bad list is refused with 400.
func TestManagerNamedAspects(t *testing.T) {
	abs, _ := filepath.Abs("../jobs/testdata/named")
	m, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir(), InputRoots: []string{abs}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := jobsHandler(t, m)
	named := func(id string) []string {
		_, body := call(h, "GET", "/v1/jobs/"+id+"/results", "", nil)
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(string(body)), "\n") {
			var r struct {
				ID      string
				Aspects []struct{ Term, Source string }
			}
			json.Unmarshal([]byte(l), &r)
			for _, a := range r.Aspects {
				if a.Source == "named" {
					out = append(out, r.ID+":"+a.Term)
				}
			}
		}
		return out
	}
	code, body := call(h, "POST", "/v1/jobs", "application/json", []byte(`{"input": ["`+abs+`/reviews.csv"], "industry": "food_delivery", "aspects": ["态度"]}`))
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var v jobs.View
	json.Unmarshal(body, &v)
	waitStatus(t, h, v.ID, jobs.StatusDone)
	if got := fmt.Sprint(named(v.ID)); got != "[w49:餐具 w49:送餐速度 w3323:包装 w3231:态度]" {
		t.Errorf("JSON job: named %s", got)
	}
	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	fw, _ := w.CreateFormFile("file", "reviews.csv")
	fw.Write(readFile(t, "../jobs/testdata/named/reviews.csv"))
	w.WriteField("aspects", "味道|态度")
	w.Close()
	code, body = call(h, "POST", "/v1/jobs", w.FormDataContentType(), mp.Bytes())
	if code != 202 {
		t.Fatalf("upload: %d %s", code, body)
	}
	json.Unmarshal(body, &v)
	waitStatus(t, h, v.ID, jobs.StatusDone)
	if got := fmt.Sprint(named(v.ID)); got != "[w49:味道 w49:餐具 w49:送餐速度 w3323:包装 w3231:态度 w3231:味道]" {
		t.Errorf("upload job: named %s", got)
	}
	// A raw upload names them in the query.
	code, body = call(h, "POST", "/v1/jobs?filename=r.jsonl&aspects=味道|骑手", "application/x-ndjson", []byte(`{"id":"w3298","text":"味道还可以，只是送过来有点干"}`+"\n"))
	if code != 202 {
		t.Fatalf("raw upload: %d %s", code, body)
	}
	json.Unmarshal(body, &v)
	waitStatus(t, h, v.ID, jobs.StatusDone)
	if got := fmt.Sprint(named(v.ID)); got != "[w3298:味道]" {
		t.Errorf("raw upload job: named %s", got)
	}
	code, body = call(h, "POST", "/v1/jobs", "application/json", []byte(`{"input": ["`+abs+`"], "aspects": ["味道", "`+strings.Repeat("长", 40)+`"]}`))
	if code != 400 || !strings.Contains(string(body), "aspects[1]") {
		t.Errorf("bad aspects: %d %s", code, body)
	}
}

// TestManagerUploadCountsOnce: the same export (no id column) uploaded twice to POST
// /v1/jobs, with time_field and field=… in the query, is counted once: its records are
// named by their path inside the uploads folder, not the job's folder.
func TestManagerUploadCountsOnce(t *testing.T) {
	m, err := jobs.NewManager(testEngine, jobs.ManagerOptions{Dir: t.TempDir(), Workers: 1, RecordKG: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	h := jobsHandler(t, m)
	tag := "upload-" + time.Now().Format("150405.000000")
	var b strings.Builder
	b.WriteString("日期,渠道,品牌,商品,评论,标签\n")
	src := strings.Split(strings.TrimSpace(string(readFile(t, "../jobs/"+jobsDatedFixture))), "\n")[1:]
	for _, row := range src[:12] {
		_, rest, _ := strings.Cut(row, ",") // drop the id column
		b.WriteString(rest + "," + tag + "\n")
	}
	filter := insights.Filter{Dims: insights.Dims{Tags: []string{tag}}}
	var once insights.Counts
	for run := 0; run < 2; run++ {
		code, body := call(h, "POST", "/v1/jobs?filename=dated.csv&industry=ecommerce&time_field=日期&field=segment=渠道", "text/csv", []byte(b.String()))
		if code != 202 {
			t.Fatalf("upload: %d %s", code, body)
		}
		var v jobs.View
		json.Unmarshal(body, &v)
		if done := waitStatus(t, h, v.ID, jobs.StatusDone); done.Records != 12 || done.Failed != 0 {
			t.Fatalf("job %+v", done)
		}
		_, res := call(h, "GET", "/v1/jobs/"+v.ID+"/results", "", nil)
		first := map[string]any{}
		json.Unmarshal(res[:strings.IndexByte(string(res), '\n')], &first)
		if first["id"] != "dated.csv:2" || first["segment"] != first["channel"] || first["time"] == nil {
			t.Errorf("first result: id %v segment %v channel %v time %v", first["id"], first["segment"], first["channel"], first["time"])
		}
		c, err := testEngine.Insights().Counts(context.Background(), filter)
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			once = c
			if c.Records != 12 {
				t.Errorf("first upload counted %+v, want 12 records", c)
			}
		} else if c != once {
			t.Errorf("the same export uploaded again: %+v, want %+v", c, once)
		}
	}
	code, body := call(h, "POST", "/v1/jobs?filename=dated.csv&field=chanel=渠道", "text/csv", []byte(b.String()))
	if code != 400 || !strings.Contains(string(body), "unknown dimension") {
		t.Errorf("unknown dimension: %d %s", code, body)
	}
}
