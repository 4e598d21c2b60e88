package jobs

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestManagerAPI: the manager's Go API, as package server calls it: a raw upload becomes
// a job that runs to done; its owner and admins see it, another key does not (not_found);
// a done job does not resume (conflict); refusals are *RequestError with the envelope's
// code.
func TestManagerAPI(t *testing.T) {
	m, err := NewManager(testEngine, ManagerOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	code := func(err error) string {
		var re *RequestError
		if errors.As(err, &re) {
			return re.Code
		}
		return ""
	}
	alice, bob, admin := Caller{Name: "alice"}, Caller{Name: "bob"}, Caller{Name: "ops", Admin: true}
	d := m.Draft()
	if err := d.SaveRaw("../客服记录.jsonl", "application/x-ndjson", "", readFile(t, "input/testdata/reviews.jsonl")); err != nil {
		t.Fatal(err)
	}
	v, err := m.Create(context.Background(), d, Request{Format: "jsonl"}, alice)
	if err != nil {
		t.Fatal(err)
	}
	if v.Status != StatusQueued && v.Status != StatusRunning || len(v.Input) != 1 || v.Input[0] != "uploads/客服记录.jsonl" {
		t.Fatalf("created %+v", v)
	}
	for deadline := time.Now().Add(2 * time.Minute); v.Status != StatusDone; time.Sleep(20 * time.Millisecond) {
		if v, err = m.Get(v.ID, alice); err != nil || time.Now().After(deadline) || v.Status == StatusFailed {
			t.Fatalf("job %+v: %v", v, err)
		}
	}
	if v.Records != 15 || v.Failed != 3 {
		t.Errorf("done: %d records, %d failed; want 15, 3 (the fixture has 3 bad lines)", v.Records, v.Failed)
	}
	if _, err := m.Get(v.ID, bob); code(err) != "not_found" {
		t.Errorf("another key's job: %v", err)
	}
	if n := len(m.List(bob)); n != 0 {
		t.Errorf("bob lists %d jobs", n)
	}
	if n := len(m.List(admin)); n != 1 {
		t.Errorf("admin lists %d jobs", n)
	}
	if _, err := m.Resume(v.ID, alice); code(err) != "conflict" {
		t.Errorf("resume a done job: %v", err)
	}
	f, size, ctype, err := m.File(v.ID, "results", alice)
	if err != nil || size == 0 || ctype != "application/x-ndjson; charset=utf-8" {
		t.Fatalf("results: %d %q %v", size, ctype, err)
	}
	f.Close()
	if _, _, _, err := m.File(v.ID, "passwd", alice); code(err) != "not_found" {
		t.Errorf("unknown file: %v", err)
	}
	if _, err := m.Get("../../etc", admin); code(err) != "not_found" {
		t.Errorf("bad id: %v", err)
	}
	f2 := func(req Request, want string) {
		t.Helper()
		if _, err := m.Create(context.Background(), m.Draft(), req, alice); code(err) != want {
			t.Errorf("%+v: %v, want %s", req, err, want)
		}
	}
	f2(Request{}, "bad_request")                             // no input
	f2(Request{Input: []string{"/etc/passwd"}}, "forbidden") // no input roots
	if err := m.Draft().SaveRaw(".hidden", "", "", []byte("{}")); code(err) != "bad_request" {
		t.Errorf("hidden upload name: %v", err)
	}
	if cancelled, err := m.Delete(v.ID, alice); err != nil || cancelled {
		t.Errorf("delete a done job: %v %v", cancelled, err)
	}
	if _, err := m.Get(v.ID, admin); code(err) != "not_found" {
		t.Errorf("deleted job: %v", err)
	}
}
