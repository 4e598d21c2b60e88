package jobs

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/jobs/input"
)

// State is the checkpoint of a job: everything needed to resume it. It is written after the
// outputs up to it have been flushed and fsynced, so on resume the outputs are truncated to
// ResultsSize/ErrorsSize and reading restarts at Files[FileIdx] at Pos.
type State struct {
	Version     int            `json:"version"`
	Fingerprint string         `json:"fingerprint"` // of the inputs and options; a resume must match
	Files       []string       `json:"files"`
	FileIdx     int            `json:"file_idx"`
	Pos         input.Position `json:"pos"`
	Records     int64          `json:"records"`
	Failed      int64          `json:"failed"`
	// FailedFiles counts input files that could not be read to their end (not a regular
	// file, dangling link, unreadable, corrupt gzip …): each has a file_error line in
	// errors.jsonl and FileStat.Error set, and the job counts as having failures.
	FailedFiles int64 `json:"failed_files,omitempty"`
	ResultsSize int64 `json:"results_size"`
	ErrorsSize  int64 `json:"errors_size"`
	// KGUpTo is the size of results.jsonl whose mentions are in the knowledge graph's counters.
	KGUpTo  int64      `json:"kg_up_to"`
	FileLog []FileStat `json:"file_log"`
	Elapsed float64    `json:"elapsed_s"` // seconds spent in earlier runs
	// Industry is the job's industry choice (Spec.IndustryMode), made once at the start so
	// a resumed job keeps it; nil for older checkpoints (record mode).
	Industry *IndustryChoice `json:"industry,omitempty"`
	Done     bool            `json:"done"`
}

// FileStat describes one input file of a job.
type FileStat struct {
	Path     string `json:"path"`
	Format   string `json:"format,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	Records  int64  `json:"records"`
	Failed   int64  `json:"failed"`
	Error    string `json:"error,omitempty"`
}

const stateVersion = 1

var stateKey = []byte("job/state")

// checkpoint is a small Badger database under DIR/.checkpoint holding the State.
type checkpoint struct{ db *badger.DB }

func openCheckpoint(dir string) (*checkpoint, error) {
	// Low-memory options (see shared/notes/dependencies.md); SyncWrites so a checkpoint is
	// durable when Save returns.
	opt := badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithMemTableSize(8 << 20).WithNumMemtables(2).
		WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(4).
		WithBlockCacheSize(8 << 20).WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).WithNumCompactors(2).WithValueThreshold(1 << 10).
		WithLogger(quietLogger{})
	db, err := badger.Open(opt)
	if err != nil {
		return nil, fmt.Errorf("open checkpoint %s: %w", dir, err)
	}
	return &checkpoint{db: db}, nil
}

// Load returns the saved state, or nil when there is none.
func (c *checkpoint) Load() (*State, error) {
	var st *State
	err := c.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(stateKey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			st = new(State)
			return json.Unmarshal(v, st)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("load checkpoint: %w", err)
	}
	return st, nil
}

// Save writes the state durably.
func (c *checkpoint) Save(st *State) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode checkpoint: %w", err)
	}
	if err := c.db.Update(func(txn *badger.Txn) error { return txn.Set(stateKey, b) }); err != nil {
		return fmt.Errorf("save checkpoint: %w", err)
	}
	return nil
}

func (c *checkpoint) Close() error { return c.db.Close() }

type quietLogger struct{}

func (quietLogger) Errorf(f string, a ...any)   { slog.Error(fmt.Sprintf("checkpoint: "+f, a...)) }
func (quietLogger) Warningf(f string, a ...any) { slog.Warn(fmt.Sprintf("checkpoint: "+f, a...)) }
func (quietLogger) Infof(string, ...any)        {}
func (quietLogger) Debugf(string, ...any)       {}
