package jobs

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/tingzhen/tingzhen/diskspace"
)

// Storage defaults of ManagerOptions.
const (
	// DefaultMaxJobBytes bounds one job's folder (uploads, results, errors, checkpoint):
	// 16 GiB. Results run about 13 times the input's size (a 3.4 MB upload gave 46 MB), so a
	// 1 GiB upload (MaxUploadBytes) fits.
	DefaultMaxJobBytes int64 = 16 << 30
	// DefaultMaxTotalBytes bounds the whole jobs folder: 64 GiB.
	DefaultMaxTotalBytes int64 = 64 << 30
)

// checkOutput refuses writing n more bytes of results and errors when the job's quota
// (Spec.MaxOutputBytes) would be passed or the output disk is under its reserve
// (Spec.MinFreeDisk). The job then stops before the write, resumable from its checkpoint.
func (r *runner) checkOutput(n int64) error {
	if q := r.spec.MaxOutputBytes; q > 0 {
		if used := r.st.ResultsSize + r.st.ErrorsSize + n; used > q {
			return &diskspace.QuotaError{What: "job output", Used: used, Limit: q, Flag: r.quotaFlag()}
		}
	}
	return r.guard.Check("job output")
}

func (r *runner) quotaFlag() string {
	if r.spec.QuotaName != "" {
		return r.spec.QuotaName
	}
	return "--max-output"
}

// diskUsage is the space the files under dir take on disk (allocated blocks, so sparse
// files such as Badger's preallocated logs count for what they hold).
func diskUsage(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			n += st.Blocks * 512
		} else {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// outputQuota is what a job may write of results and errors: its folder's quota less its
// uploads, and the jobs folder's total less what everything else there takes.
func (m *Manager) outputQuota(j *managedJob) int64 {
	dir := filepath.Join(m.opt.Dir, j.ID)
	var uploads int64
	for _, u := range j.Uploads {
		if fi, err := os.Stat(u); err == nil {
			uploads += fi.Size()
		}
	}
	own := diskUsage(filepath.Join(dir, "out"))
	q := m.opt.MaxJobBytes - uploads
	others := diskUsage(m.opt.Dir) - own
	if t := m.opt.MaxTotalBytes - others; t < q {
		q = t
	}
	return max(q, 1)
}
