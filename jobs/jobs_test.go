package jobs

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/testfixture"
)

// One engine per test binary (each costs ~1 s and ~200 MB).
var testEngine *engine.Engine

const childEnv = "TINGZHEN_JOBS_CHILD_SPEC"

func TestMain(m *testing.M) {
	ctx := context.Background()
	if os.Getenv(diskFullChildEnv) != "" {
		os.Exit(diskFullChild(ctx)) // diskfull_test.go: a job on a small tmpfs
	}
	// A child may count into a Badger store on disk (childDataEnv), so that the parent can
	// read what a killed and resumed job counted.
	e, err := engine.New(ctx, engine.Config{Home: "..", IntraOpThreads: 1, DataDir: os.Getenv(childDataEnv)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "engine:", err)
		os.Exit(1)
	}
	if spec := os.Getenv(childEnv); spec != "" {
		// Child mode: run one job and exit (used by the kill/resume tests).
		var s Spec
		if err := json.Unmarshal([]byte(spec), &s); err != nil {
			fmt.Fprintln(os.Stderr, "child spec:", err)
			os.Exit(3)
		}
		s.CheckpointEvery = 30 * time.Millisecond
		_, err := Run(ctx, e, s, nil)
		e.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, "child job:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	testEngine = e
	code := m.Run()
	e.Close()
	os.Exit(code)
}

func fixtures() []string { return []string{"input/testdata"} }

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jsonLines(t *testing.T, p string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(readFile(t, p)), []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, m)
	}
	return out
}

func TestRunFixtures(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	var last Progress
	res, err := Run(ctx, testEngine, Spec{Inputs: fixtures(), Output: out, ChunkSize: 7}, func(p Progress) { last = p })
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Records != 56 || res.State.Failed != 4 {
		t.Errorf("records/failed = %d/%d, want 56/4", res.State.Records, res.State.Failed)
	}
	if last.Records != 56 || last.Files != 6 {
		t.Errorf("last progress %+v", last)
	}
	results := jsonLines(t, filepath.Join(out, ResultsFile))
	if len(results) != 56 {
		t.Fatalf("%d result lines, want 56", len(results))
	}
	ids := map[string]bool{}
	for _, r := range results {
		ids[r["id"].(string)] = true
	}
	for _, id := range []string{"w2", "w-notext", "input/testdata/reviews.jsonl:4", "3178", "t2", "input/testdata/reviews.txt:1", "input/testdata/reviews_gbk.csv:2", "c4766"} {
		if !ids[id] {
			t.Errorf("no result with id %q", id)
		}
	}
	errs := jsonLines(t, filepath.Join(out, ErrorsFile))
	want := []string{"input/testdata/reviews.jsonl:4:bad_json", "input/testdata/reviews.jsonl:10:missing_text", "input/testdata/reviews.jsonl:13:bad_json", "input/testdata/reviews_utf8.csv:11:missing_column"}
	var got []string
	for _, e := range errs {
		got = append(got, fmt.Sprintf("%s:%v:%s", e["file"], e["line"], e["code"]))
		if e["reason"] == "" {
			t.Errorf("error without reason: %v", e)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("errors.jsonl = %v, want %v", got, want)
	}
	// The GBK file's texts come out as UTF-8 Chinese.
	for _, r := range results {
		if r["id"] == "input/testdata/reviews_gbk.csv:2" {
			s := r["sentences"].([]any)[0].(map[string]any)["text"].(string)
			if !strings.HasPrefix(s, "超时是可以的理解的") {
				t.Errorf("GBK record text %q", s)
			}
		}
	}
	var sum Summary
	if err := json.Unmarshal(readFile(t, filepath.Join(out, SummaryFile)), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Records != 56 || sum.Failed != 4 || sum.Analysed != 52 {
		t.Errorf("summary counts %d/%d/%d", sum.Records, sum.Analysed, sum.Failed)
	}
	if len(sum.Industries) == 0 || sum.Industries[0].ID != "food_delivery" {
		t.Errorf("industries %+v, want food_delivery first", sum.Industries)
	}
	if len(sum.Stages) == 0 || len(sum.Indicators) == 0 || len(sum.Departments) == 0 || len(sum.TopPains) == 0 || sum.Mapped == 0 {
		t.Errorf("summary lacks graph aggregates: %d stages, %d indicators, %d departments, %d pains, %d mapped", len(sum.Stages), len(sum.Indicators), len(sum.Departments), len(sum.TopPains), sum.Mapped)
	}
	if len(sum.TopPains) > 0 && len(sum.TopPains[0].Examples) == 0 {
		t.Errorf("top pain without examples: %+v", sum.TopPains[0])
	}
	html := string(readFile(t, filepath.Join(out, ReportFile)))
	for _, want := range []string{"<svg", "外卖餐饮"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	for _, bad := range []string{"http://", "https://", "<script src", "<link"} {
		if strings.Contains(html, bad) {
			t.Errorf("report.html is not self-contained: has %q", bad)
		}
	}
	// Running again finds the job complete and changes nothing.
	before := readFile(t, filepath.Join(out, ResultsFile))
	res2, err := Run(ctx, testEngine, Spec{Inputs: fixtures(), Output: out, ChunkSize: 7}, nil)
	if err != nil || !res2.AlreadyDone {
		t.Fatalf("second run: %v, already done %v", err, res2 != nil && res2.AlreadyDone)
	}
	if !bytes.Equal(before, readFile(t, filepath.Join(out, ResultsFile))) {
		t.Error("second run changed results.jsonl")
	}
	// Other options in the same folder are refused.
	if _, err := Run(ctx, testEngine, Spec{Inputs: fixtures(), Output: out, ChunkSize: 7, Industry: "banking"}, nil); err == nil || !strings.Contains(err.Error(), "different job") {
		t.Errorf("different job in the same folder: %v", err)
	}
}

func startChild(t *testing.T, spec Spec) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	b, _ := json.Marshal(spec)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(b), "GOMAXPROCS=2")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// waitSize waits until path has at least n bytes (or the process ends).
func waitSize(t *testing.T, cmd *exec.Cmd, path string, n int64, exited chan error) bool {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			return false
		default:
		}
		if fileSize(path) >= n {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never reached %d bytes", path, n)
	return false
}

func summaryWithoutJob(t *testing.T, dir string) Summary {
	var s Summary
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, SummaryFile)), &s); err != nil {
		t.Fatal(err)
	}
	s.Job = JobInfo{}
	return s
}

// TestKillResume runs the job in a child process, SIGKILLs it twice mid-way, resumes, and
// compares the outputs byte for byte with an uninterrupted run.
func TestKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	ctx := context.Background()
	in := testfixture.JobInput(t, "..", t.TempDir(), 1500)
	ref := t.TempDir()
	spec := Spec{Inputs: in, ChunkSize: 16}
	spec.Output = ref
	if _, err := Run(ctx, testEngine, spec, nil); err != nil {
		t.Fatal(err)
	}
	refSize := fileSize(filepath.Join(ref, ResultsFile))
	out := t.TempDir()
	spec.Output = out
	kills := 0
	for _, frac := range []float64{0.3, 0.7} {
		cmd, stderr := startChild(t, spec)
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		if waitSize(t, cmd, filepath.Join(out, ResultsFile), int64(frac*float64(refSize)), exited) {
			cmd.Process.Signal(syscall.SIGKILL)
			kills++
		}
		err := <-exited
		t.Logf("child %d: %v %s; results.jsonl %d of %d bytes", kills, err, strings.TrimSpace(stderr.String()), fileSize(filepath.Join(out, ResultsFile)), refSize)
	}
	if kills == 0 {
		t.Fatal("the child finished before it could be killed; use a bigger input")
	}
	// Resume in this process to the end.
	res, err := Run(ctx, testEngine, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed {
		t.Error("the run after a kill did not resume")
	}
	for _, name := range []string{ResultsFile, ErrorsFile} {
		a, b := readFile(t, filepath.Join(ref, name)), readFile(t, filepath.Join(out, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs after kill+resume: %d vs %d bytes", name, len(a), len(b))
		}
	}
	if a, b := summaryWithoutJob(t, ref), summaryWithoutJob(t, out); !reflect.DeepEqual(a, b) {
		t.Error("summary.json differs after kill+resume")
	}
	if n := len(jsonLines(t, filepath.Join(out, ResultsFile))); n != 1500+8+8 {
		t.Errorf("%d results, want %d", n, 1500+16)
	}
}

// TestDiskFull lowers the child's file-size limit while it runs (RLIMIT_FSIZE: writes
// fail with EFBIG like a full disk), expects a clear error and a clean resume.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	ctx := context.Background()
	in := testfixture.JobInput(t, "..", t.TempDir(), 800)
	ref := t.TempDir()
	spec := Spec{Inputs: in, ChunkSize: 16, Output: ref}
	if _, err := Run(ctx, testEngine, spec, nil); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	spec.Output = out
	cmd, stderr := startChild(t, spec)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	results := filepath.Join(out, ResultsFile)
	if !waitSize(t, cmd, results, 1, exited) {
		t.Fatal("child finished too early")
	}
	limit := fileSize(results) + 40<<10
	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: uint64(limit), Max: uint64(limit)}, nil); err != nil {
		cmd.Process.Kill()
		t.Skipf("prlimit: %v", err)
	}
	err := <-exited
	msg := stderr.String()
	if err == nil || !strings.Contains(msg, "file too large") || !strings.Contains(msg, "resumable") {
		t.Fatalf("child with a full output: exit %v, stderr %q; want a failure naming the write error", err, msg)
	}
	t.Logf("child stopped: %s", strings.TrimSpace(msg))
	if fileSize(results) > limit {
		t.Errorf("results.jsonl grew past the limit")
	}
	if _, err := os.Stat(filepath.Join(out, SummaryFile)); err == nil {
		t.Error("a failed job wrote summary.json")
	}
	if _, err := Run(ctx, testEngine, spec, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, filepath.Join(ref, ResultsFile)), readFile(t, results)) {
		t.Error("results differ after disk-full + resume")
	}
}

func TestWorkersAgree(t *testing.T) {
	ctx := context.Background()
	in := testfixture.JobInput(t, "..", t.TempDir(), 300)
	var outs []string
	for _, w := range []int{1, 2} {
		out := t.TempDir()
		if _, err := Run(ctx, testEngine, Spec{Inputs: in, Output: out, Workers: w, ChunkSize: 16}, nil); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, out)
	}
	if !bytes.Equal(readFile(t, filepath.Join(outs[0], ResultsFile)), readFile(t, filepath.Join(outs[1], ResultsFile))) {
		t.Error("--workers 2 wrote different results than --workers 1")
	}
}

func TestBadOutputAndInputs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		name string
		spec Spec
		want string
	}{
		{"output under a file", Spec{Inputs: fixtures(), Output: filepath.Join(file, "out")}, "output folder"},
		{"missing input", Spec{Inputs: []string{filepath.Join(dir, "none.csv")}, Output: filepath.Join(dir, "o1")}, "no such file"},
		{"no output", Spec{Inputs: fixtures()}, "no output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(ctx, testEngine, tt.spec, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
	// A file the job cannot read is logged per file and the job goes on.
	out := filepath.Join(dir, "o2")
	csv := filepath.Join(dir, "nocol.csv")
	os.WriteFile(csv, []byte("a,b\n1,2\n"), 0o644)
	res, err := Run(ctx, testEngine, Spec{Inputs: []string{csv, "input/testdata/reviews.txt"}, Output: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Records != 8 || res.State.FileLog[0].Error == "" {
		t.Errorf("records %d, file log %+v", res.State.Records, res.State.FileLog)
	}
	sc := bufio.NewScanner(strings.NewReader(string(readFile(t, filepath.Join(out, ErrorsFile)))))
	sc.Scan()
	if !strings.Contains(sc.Text(), "file_error") || !strings.Contains(sc.Text(), "no text column") {
		t.Errorf("errors.jsonl first line %q", sc.Text())
	}
}

// TestSharedDatasetJob runs a job over the real waimai reviews when the datasets are present.
func TestSharedDatasetJob(t *testing.T) {
	p := "../../shared/datasets/sentiment/waimai_train80.csv"
	if _, err := os.Stat(p); err != nil {
		t.Skip("../shared/datasets absent")
	}
	if testing.Short() {
		t.Skip("long")
	}
	// The first 1,000 rows keep the test short on a shared machine.
	f, _ := os.Open(p)
	defer f.Close()
	dir := t.TempDir()
	sub := filepath.Join(dir, "waimai1000.csv")
	w, _ := os.Create(sub)
	br := bufio.NewReader(f)
	for i := 0; i <= 1000; i++ {
		l, err := br.ReadString('\n')
		w.WriteString(l)
		if err == io.EOF {
			break
		}
	}
	w.Close()
	out := filepath.Join(dir, "out")
	res, err := Run(context.Background(), testEngine, Spec{Inputs: []string{sub}, Output: out, Industry: "food_delivery", Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Records != 1000 || res.State.Failed != 0 {
		t.Errorf("records %d failed %d", res.State.Records, res.State.Failed)
	}
	s := res.Summary
	if s.Sentiment["positive"] == 0 || s.Sentiment["negative"] == 0 || len(s.TopPains) == 0 {
		t.Errorf("summary %+v", s.Sentiment)
	}
	t.Logf("waimai 1000: %.1f records/s; top pain %s/%s ×%d", s.Job.RecordsPerSecond, s.TopPains[0].Department, s.TopPains[0].Aspect, s.TopPains[0].Count)
}

func TestTranscripts(t *testing.T) {
	out := t.TempDir()
	in := []string{"testdata/transcripts/jddc_sessions.tsv", "testdata/transcripts/jddc_06d51010.funasr.json"}
	res, err := Run(context.Background(), testEngine, Spec{Inputs: in, Output: out, Format: "transcript", Industry: "ecommerce"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.State.Records != 6 || res.State.Failed != 0 {
		t.Errorf("records %d failed %d, want 6 calls", res.State.Records, res.State.Failed)
	}
	lines := jsonLines(t, filepath.Join(out, ResultsFile))
	if len(lines) != 6 || lines[0]["turns"] == nil || lines[0]["customer"] == nil {
		t.Fatalf("results are not call results: %d lines", len(lines))
	}
	if res.Summary.Records != 6 || res.Summary.Mentions == 0 {
		t.Errorf("summary of calls: %d records, %d mentions", res.Summary.Records, res.Summary.Mentions)
	}
}

// TestRecordKG: with RecordKG the job feeds the insights counters once per record.
func TestRecordKG(t *testing.T) {
	ctx := context.Background()
	day0, day1 := time.Now().Add(-24*time.Hour), time.Now().Add(24*time.Hour)
	mentions := func() int64 {
		c, err := testEngine.Insights().Counts(ctx, insights.Filter{Industry: "food_delivery", From: day0, To: day1})
		if err != nil {
			t.Fatal(err)
		}
		return c.Mentions
	}
	before := mentions()
	out := t.TempDir()
	res, err := Run(ctx, testEngine, Spec{Inputs: []string{"input/testdata/reviews.tsv"}, Output: out, RecordKG: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for _, r := range jsonLines(t, filepath.Join(out, ResultsFile)) {
		for _, a := range r["aspects"].([]any) {
			if kg, ok := a.(map[string]any)["kg"].(map[string]any); ok && kg["ids"].(map[string]any)["industry"] == "food_delivery" {
				want++
			}
		}
	}
	if got := mentions() - before; got != want || want == 0 {
		t.Errorf("knowledge graph gained %d mentions, results hold %d", got, want)
	}
	if res.State.KGUpTo != res.State.ResultsSize {
		t.Errorf("checkpoint says KG up to %d of %d bytes", res.State.KGUpTo, res.State.ResultsSize)
	}
	// Running again (already done) records nothing more.
	n := mentions()
	if _, err := Run(ctx, testEngine, Spec{Inputs: []string{"input/testdata/reviews.tsv"}, Output: out, RecordKG: true}, nil); err != nil {
		t.Fatal(err)
	}
	if mentions() != n {
		t.Error("a completed job recorded its mentions again")
	}
}
