package jobs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunOnlyInputUnreadable: a job whose only input cannot be read finishes with the file
// counted as failed: State and summary.json say failed_files 1, errors.jsonl has the
// file_error line, and report.html shows a 失败文件 figure and the file's reason instead of
// a clean "0 失败记录".
func TestRunOnlyInputUnreadable(t *testing.T) {
	f := func(name string, makeInput func(t *testing.T, p string), wantCode string) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "评论.csv")
			makeInput(t, p)
			out := filepath.Join(t.TempDir(), "out")
			res, err := runWithin(t, Spec{Inputs: []string{p}, Output: out}, 60*time.Second)
			if err != nil {
				t.Fatalf("job stopped: %v", err)
			}
			if res.State.Records != 0 || res.State.FailedFiles != 1 {
				t.Errorf("records %d, failed files %d; want 0, 1", res.State.Records, res.State.FailedFiles)
			}
			var sum struct {
				Job struct {
					FailedFiles int64      `json:"failed_files"`
					Files       []FileStat `json:"files"`
				} `json:"job"`
				ErrorCodes map[string]int64 `json:"error_codes"`
			}
			if err := json.Unmarshal(readFile(t, filepath.Join(out, SummaryFile)), &sum); err != nil {
				t.Fatal(err)
			}
			if sum.Job.FailedFiles != 1 || sum.ErrorCodes["file_error"] != 1 || len(sum.Job.Files) != 1 || !strings.Contains(sum.Job.Files[0].Error, wantCode) {
				t.Errorf("summary.json: failed_files %d, error_codes %v, files %+v; want 1 file failed with %s", sum.Job.FailedFiles, sum.ErrorCodes, sum.Job.Files, wantCode)
			}
			errs := jsonLines(t, filepath.Join(out, ErrorsFile))
			if len(errs) != 1 || errs[0]["code"] != "file_error" || !strings.Contains(errs[0]["reason"].(string), wantCode) {
				t.Errorf("errors.jsonl = %v, want one file_error with %s", errs, wantCode)
			}
			html := string(readFile(t, filepath.Join(out, ReportFile)))
			for _, want := range []string{`<b style="color:#d73027">1</b><span>失败文件`, wantCode, "评论.csv"} {
				if !strings.Contains(html, want) {
					t.Errorf("report.html lacks %q", want)
				}
			}
		})
	}
	f("fifo", func(t *testing.T, p string) {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}, "not_regular_file")
	f("dangling symlink", func(t *testing.T, p string) {
		if err := os.Symlink(p+".gone", p); err != nil {
			t.Fatal(err)
		}
	}, "broken_symlink")
	f("no permission", func(t *testing.T, p string) {
		if os.Geteuid() == 0 {
			t.Skip("root reads a mode-000 file; the other cases cover an unreadable input")
		}
		if err := os.WriteFile(p, []byte("id,评论\n1,很好\n"), 0o000); err != nil {
			t.Fatal(err)
		}
	}, "unreadable_file")
}
