package jobs

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

const goodCSV = "id,review\n" +
	"g1,送餐晚了半个小时，东西都洒了，客服也不理人\n" +
	"g2,菜品很新鲜，配送员态度非常好\n" +
	"g3,价格有点贵，但是味道不错\n"

// runWithin runs a job and fails the test if it does not return in time (a FIFO used to
// block the reader in open(2) forever, deaf to cancellation).
func runWithin(t *testing.T, spec Spec, d time.Duration) (*Outcome, error) {
	t.Helper()
	type ret struct {
		out *Outcome
		err error
	}
	ch := make(chan ret, 1)
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	go func() {
		out, err := Run(ctx, testEngine, spec, nil)
		ch <- ret{out, err}
	}()
	select {
	case r := <-ch:
		return r.out, r.err
	case <-time.After(d + 5*time.Second):
		t.Fatalf("job did not return within %v (blocked on a special file?)", d)
		return nil, nil
	}
}

// TestRunSpecialFiles: a FIFO, a socket and a dangling symbolic link in an input folder
// each become one file_error line (not_regular_file / broken_symlink) while the good CSV
// beside them is analysed; the job finishes, counts the failed files, and running it
// again finds it complete (the fingerprint is stable with the dangling link).
func TestRunSpecialFiles(t *testing.T) {
	f := func(name string, bad map[string]string) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "in")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "b_good.csv"), []byte(goodCSV), 0o644); err != nil {
				t.Fatal(err)
			}
			for file, kind := range bad {
				p := filepath.Join(dir, file)
				switch kind {
				case "fifo":
					if err := syscall.Mkfifo(p, 0o644); err != nil {
						t.Fatal(err)
					}
				case "socket":
					l, err := net.Listen("unix", p)
					if err != nil {
						t.Skipf("unix socket: %v", err)
					}
					defer l.Close()
				case "dangling":
					if err := os.Symlink(filepath.Join(dir, "gone.csv"), p); err != nil {
						t.Fatal(err)
					}
				}
			}
			out := filepath.Join(t.TempDir(), "out")
			spec := Spec{Inputs: []string{dir}, Output: out}
			res, err := runWithin(t, spec, 60*time.Second)
			if err != nil {
				t.Fatalf("job stopped: %v", err)
			}
			st := res.State
			if st.Records != 3 || st.Failed != 0 {
				t.Errorf("records/failed = %d/%d, want 3/0 (the good CSV analysed)", st.Records, st.Failed)
			}
			if st.FailedFiles != int64(len(bad)) || res.Summary.Job.FailedFiles != int64(len(bad)) {
				t.Errorf("failed files = %d (summary %d), want %d", st.FailedFiles, res.Summary.Job.FailedFiles, len(bad))
			}
			ok := 0
			for _, r := range jsonLines(t, filepath.Join(out, ResultsFile)) {
				if r["error"] == nil && strings.HasPrefix(r["id"].(string), "g") {
					ok++
				}
			}
			if ok != 3 {
				t.Errorf("%d good results, want 3", ok)
			}
			var got []string
			for _, e := range jsonLines(t, filepath.Join(out, ErrorsFile)) {
				got = append(got, filepath.Base(e["file"].(string))+" "+e["code"].(string)+" "+firstCode(e["reason"].(string)))
			}
			var want []string
			for file, kind := range bad {
				code := "not_regular_file"
				if kind == "dangling" {
					code = "broken_symlink"
				}
				want = append(want, file+" file_error "+code)
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errors.jsonl:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			for _, fs := range st.FileLog {
				if _, isBad := bad[filepath.Base(fs.Path)]; isBad != (fs.Error != "") {
					t.Errorf("file log %s: error %q", fs.Path, fs.Error)
				}
			}
			again, err := runWithin(t, spec, 60*time.Second)
			if err != nil || !again.AlreadyDone {
				t.Errorf("second run: err %v, already done %v; want the finished job found", err, again != nil && again.AlreadyDone)
			}
		})
	}
	f("fifo", map[string]string{"a_pipe.csv": "fifo"})
	f("dangling symlink", map[string]string{"a_link.jsonl": "dangling"})
	f("all", map[string]string{"a_pipe.csv": "fifo", "c_link.txt": "dangling", "d_sock.csv": "socket"})
}

// firstCode picks the input error code out of a file_error reason.
func firstCode(reason string) string {
	for _, c := range []string{"not_regular_file", "broken_symlink", "unreadable_file", "bad_gzip"} {
		if strings.Contains(reason, c+":") {
			return c
		}
	}
	return "?"
}
