package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/diskspace"
	"github.com/tingzhen/tingzhen/kg"
)

// Options configures Open.
type Options struct {
	// Dir is the Badger directory (created if missing). Required unless InMemory.
	Dir string
	// InMemory keeps everything in memory (tests, one-shot jobs); nothing survives Close.
	InMemory bool
	// PacksDir, when set, is loaded with LoadPacks at Open (e.g. knowledge-graph/industries).
	// Empty: only what Badger already holds is used.
	PacksDir string
	// Logger receives load notes and Badger's warnings; nil discards them.
	Logger *slog.Logger
	// StrictPacks makes Open fail when a pack in PacksDir is rejected. Default false: the
	// rejection is logged and the previously loaded version of that pack stays in effect.
	StrictPacks bool
	// MinFreeDisk is the free space (bytes) the store keeps on its disk: every write first
	// checks it (statfs) and is refused with a diskspace.LowError (errors.Is
	// diskspace.ErrLow) below it, instead of letting Badger's memory-mapped files die of
	// SIGBUS on a full disk; reads go on. 0 means diskspace.DefaultMinFree (512 MiB), a
	// negative value turns the check off. When the disk is already under it at Open, the
	// store opens read-only (every write refused the same way); a store that was not closed
	// cleanly cannot open read-only, and Open says so. Ignored InMemory.
	MinFreeDisk int64
	// Durability says when a write reaches the disk. DurabilityInterval ("interval", the
	// default) fsyncs the store once a second in the background and at once after every
	// acknowledged change a person made (a term, an indicator, a pack, a task: SyncNow), so
	// a power loss loses none of those and at most about the last second of counts (a bulk
	// job fsyncs before it checkpoints its counts, and loses none). DurabilitySync ("sync")
	// fsyncs every write transaction before it returns (Badger SyncWrites): nothing
	// acknowledged is lost, at about 2 ms per counting write on this machine.
	// DurabilityOff ("off") leaves everything to the kernel's writeback (about 30 s). A
	// process crash loses nothing acknowledged in any mode. Measured in docs/reliability.md.
	// Ignored InMemory.
	Durability string
}

// Store is the knowledge graph's persistent side: packs, their versions, added terms and
// indicators and unknown-term candidates, in Badger (packages insights and tasks keep their
// data in the same database under their own prefixes).
type Store struct {
	db         *badger.DB
	log        *slog.Logger
	guard      *diskspace.Guard
	readOnly   bool // opened read-only: the disk was under MinFreeDisk at Open
	durability string
	stopSync   chan struct{} // DurabilityInterval: closed by Close
	syncDone   chan struct{}

	mu    sync.Mutex // serialises pack/term/indicator changes and snapshot rebuilds
	base  map[string]*storedPack
	graph atomic.Pointer[kg.Graph]
}

type storedPack struct {
	pack *kg.Pack
	rec  packRecord
}

// packRecord is what Badger keeps per industry under "p/<id>".
type packRecord struct {
	ID       string    `json:"id"`
	Version  int       `json:"version"`
	Hash     string    `json:"hash"`
	File     string    `json:"file"`
	Source   []byte    `json:"source"`
	LoadedAt time.Time `json:"loaded_at"`
}

// Key prefixes.
const (
	kPack      = "p/" // p/<ind> → packRecord
	kVersion   = "v/" // v/<ind>/<%010d version> → packRecord without Source
	kTerm      = "t/" // t/<ind>/<aspect>\x00<term> → added-at
	kIndicator = "i/" // i/<ind>/<id> → kg.IndicatorSpec
	kCandidate = "c/" // c/<ind>/<term> → Candidate
	// Retired, written by the old day counters (Store.Record, removed) and read once by
	// package insights' migration: n/<ind>/<yyyymmdd>/<indicator>/<aspect>/<point|none>/
	// <polarity> → uint64 (8 bytes big endian); e/<ind>/<yyyymmdd>/<indicator>/<point> →
	// JSON []string of example texts.
)

// Open opens (or creates) the store and builds the first snapshot from the packs Badger
// holds, then loads PacksDir when set.
func Open(ctx context.Context, opt Options) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var bo badger.Options
	if opt.InMemory {
		bo = badger.DefaultOptions("").WithInMemory(true)
	} else {
		if opt.Dir == "" {
			return nil, errors.New("kg open: Options.Dir is empty (set it or InMemory)")
		}
		if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("kg open: %w", err)
		}
		bo = badger.DefaultOptions(opt.Dir)
	}
	// Low-memory settings measured in shared/notes/dependencies.md, except the memtable of an
	// on-disk store: 64 MB (not 8; Badger's default size, but 2 of them, not 5) because
	// Badger caps a write transaction at 15 % of it, and the insights counters rewrite their
	// blobs once per transaction: a 10,000-record Ingest fits one transaction (measured in
	// bench/results/insights.md: 8 → 32 MB took 23k → 32k records per CPU second at 300k
	// records; 32 → 64 MB 36k → 40k).
	memtable := int64(64 << 20)
	if opt.InMemory {
		memtable = 8 << 20
	}
	bo = bo.WithMemTableSize(memtable).WithNumMemtables(2).
		WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(4).
		WithBlockCacheSize(8 << 20).WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).WithNumCompactors(2).WithValueThreshold(1 << 10).
		WithLogger(badgerLogger{log})
	if opt.InMemory {
		bo = bo.WithValueThreshold(1 << 20) // no value log in memory: values must fit the LSM
	}
	var guard *diskspace.Guard
	readOnly := false
	if !opt.InMemory {
		dur, err := ParseDurability(opt.Durability)
		if err != nil {
			return nil, fmt.Errorf("kg open: %w", err)
		}
		opt.Durability = dur
		bo = bo.WithSyncWrites(dur == DurabilitySync)
		guard = diskspace.NewGuard(opt.Dir, opt.MinFreeDisk)
		if err := guard.Check("kg open for writing"); err != nil {
			if !errors.Is(err, diskspace.ErrLow) {
				return nil, fmt.Errorf("kg open: %w", err)
			}
			// Opening for writing maps new files and may flush memtables: on a full disk that
			// is a SIGBUS. Read-only maps nothing new; writes are refused by the guard.
			log.Warn("kg: opening the store read-only", "reason", err)
			bo = bo.WithReadOnly(true)
			readOnly = true
		}
	}
	db, err := badger.Open(bo)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, &LockedError{Dir: opt.Dir}
		}
		if readOnly {
			free, _ := diskspace.Free(opt.Dir)
			return nil, fmt.Errorf("kg open %s: the disk has %s free, below the min-free-disk reserve of %s, and the store cannot open read-only (%v): free some space and start again: %w",
				opt.Dir, diskspace.FormatSize(free), diskspace.FormatSize(guard.Min), err, diskspace.ErrLow)
		}
		return nil, fmt.Errorf("kg open %s: %w", opt.Dir, err)
	}
	s := &Store{db: db, log: log, base: map[string]*storedPack{}, guard: guard, readOnly: readOnly, durability: opt.Durability}
	if opt.Durability == DurabilityInterval && !readOnly {
		s.stopSync = make(chan struct{})
		s.syncDone = make(chan struct{})
		go s.syncEvery(time.Second)
	}
	if err := s.loadStored(); err != nil {
		db.Close()
		return nil, err
	}
	s.mu.Lock()
	err = s.rebuildLocked()
	s.mu.Unlock()
	if err != nil {
		db.Close()
		return nil, err
	}
	if opt.PacksDir != "" {
		_, err := s.LoadPacks(ctx, opt.PacksDir)
		if err != nil {
			if readOnly && errors.Is(err, diskspace.ErrLow) {
				log.Warn("kg: packs not reloaded on a read-only store; the stored versions stay in effect", "err", err)
			} else if opt.StrictPacks || !errors.Is(err, errPackRejected) {
				db.Close()
				return nil, fmt.Errorf("kg open: %w", err)
			}
			log.Error("kg: some packs were rejected; previous versions stay in effect", "err", err)
		}
	}
	return s, nil
}

// Close flushes and closes Badger.
func (s *Store) Close() error {
	if s.stopSync != nil {
		close(s.stopSync)
		<-s.syncDone
		s.stopSync = nil // Close may be called again
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("kg close: %w", err)
	}
	return nil
}

// ErrLocked matches (errors.Is) the error Open returns when another process holds the
// Badger directory.
var ErrLocked = errors.New("store locked")

// LockedError is Open's error when another process holds the Badger directory: one
// sentence naming the directory, the likely holder and what to do.
type LockedError struct{ Dir string }

func (e *LockedError) Error() string {
	return fmt.Sprintf("the store %s is locked by another process, probably a running tingzhen server: stop it, or query that server with --server URL", e.Dir)
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// DB returns the underlying Badger database (shared with the insights counters under
// their own key prefix). It is closed by Close.
func (s *Store) DB() *badger.DB { return s.db }

// Graph returns the current immutable snapshot.
func (s *Store) Graph() *kg.Graph { return s.graph.Load() }

func (s *Store) loadStored() error {
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kPack), PrefetchValues: true, PrefetchSize: 16})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var rec packRecord
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &rec) }); err != nil {
				return fmt.Errorf("kg: read stored pack %s: %w", it.Item().Key(), err)
			}
			p, err := kg.ParsePack(rec.File, rec.Source)
			if err != nil {
				s.log.Error("kg: stored pack no longer valid, skipped", "industry", rec.ID, "err", err)
				continue
			}
			s.base[p.ID] = &storedPack{pack: p, rec: rec}
		}
		return nil
	})
}

// rebuildLocked composes base packs with added terms and indicators and swaps in a new
// snapshot. s.mu must be held.
func (s *Store) rebuildLocked() error {
	type addedTerm struct{ ind, aspect, term string }
	var terms []addedTerm
	added := map[string][]kg.IndicatorSpec{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kTerm)})
		for it.Rewind(); it.Valid(); it.Next() {
			rest := strings.TrimPrefix(string(it.Item().Key()), kTerm)
			ind, r, ok := strings.Cut(rest, "/")
			asp, term, ok2 := strings.Cut(r, "\x00")
			if ok && ok2 {
				terms = append(terms, addedTerm{ind, asp, term})
			}
		}
		it.Close()
		it = txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kIndicator), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			rest := strings.TrimPrefix(string(it.Item().Key()), kIndicator)
			ind, _, _ := strings.Cut(rest, "/")
			var spec kg.IndicatorSpec
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &spec) }); err != nil {
				return fmt.Errorf("read added indicator %s: %w", rest, err)
			}
			added[ind] = append(added[ind], spec)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kg rebuild: %w", err)
	}
	packs := make([]*kg.Pack, 0, len(s.base))
	hashes := map[string]string{}
	for id, sp := range s.base {
		p := sp.pack.Clone()
		hashes[id] = sp.rec.Hash
		have := map[string]bool{}
		for _, x := range p.Indicators {
			have[x.ID] = true
		}
		for _, spec := range added[id] {
			if have[spec.ID] {
				continue // the pack now defines it itself
			}
			q := p.Clone()
			q.Indicators = append(q.Indicators, spec)
			if err := q.Validate("added indicator"); err != nil {
				s.log.Warn("kg: added indicator no longer fits its pack, ignored", "industry", id, "indicator", spec.ID, "err", err)
				continue
			}
			p = q
			have[spec.ID] = true
		}
		for _, t := range terms {
			if t.ind != id {
				continue
			}
			i := -1
			for j := range p.Aspects {
				if p.Aspects[j].ID == t.aspect {
					i = j
					break
				}
			}
			if i < 0 {
				s.log.Warn("kg: added term's aspect is gone, ignored", "industry", id, "aspect", t.aspect, "term", t.term)
				continue
			}
			dup := false
			for _, x := range p.Aspects[i].Terms {
				if kg.NormalizeTerm(x) == kg.NormalizeTerm(t.term) {
					dup = true
					break
				}
			}
			if !dup {
				p.Aspects[i].Terms = append(p.Aspects[i].Terms, t.term)
			}
		}
		packs = append(packs, p)
	}
	s.graph.Store(kg.BuildGraph(packs, hashes))
	return nil
}

// PackResult is the outcome for one file of LoadPacks.
type PackResult struct {
	File        string `json:"file"`
	Industry    string `json:"industry,omitempty"`
	Version     int    `json:"version,omitempty"`
	PrevVersion int    `json:"prev_version,omitempty"`
	Hash        string `json:"hash,omitempty"`
	Action      string `json:"action"` // loaded | unchanged | rejected
	Note        string `json:"note,omitempty"`
	Err         error  `json:"-"`
}

// LoadReport lists what LoadPacks did per file.
type LoadReport struct {
	Packs []PackResult `json:"packs"`
}

// Count returns how many files had the given action.
func (r LoadReport) Count(action string) int {
	n := 0
	for _, p := range r.Packs {
		if p.Action == action {
			n++
		}
	}
	return n
}

var errPackRejected = errors.New("pack rejected")

// LoadPacks loads every *.yaml / *.yml file in dir. A pack whose version and content hash
// equal the stored ones is left alone (nothing written). A pack that does not parse or
// validate, or whose version is older than the stored one, is rejected with
// "file:line: reason" and the previously loaded version stays in effect; the other packs
// still load. The returned error joins all rejections.
func (s *Store) LoadPacks(ctx context.Context, dir string) (LoadReport, error) {
	var rep LoadReport
	entries, err := os.ReadDir(dir)
	if err != nil {
		return rep, fmt.Errorf("load packs %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			files = append(files, filepath.Join(dir, n))
		}
	}
	sort.Strings(files)
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	reject := func(r PackResult, err error) {
		r.Action, r.Err = "rejected", err
		rep.Packs = append(rep.Packs, r)
		errs = append(errs, fmt.Errorf("load pack %s: %w", r.File, err))
	}
	type accepted struct {
		p   *kg.Pack
		rec packRecord
	}
	var ok []accepted
	seen := map[string]string{}
	now := time.Now().UTC()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		r := PackResult{File: f}
		data, err := os.ReadFile(f)
		if err != nil {
			reject(r, err)
			continue
		}
		name := filepath.Base(f)
		p, err := kg.ParsePack(name, data)
		if err != nil {
			reject(r, err)
			continue
		}
		r.Industry, r.Version, r.Hash = p.ID, p.Version, kg.HashPack(data)
		if other, dup := seen[p.ID]; dup {
			reject(r, &kg.PackError{File: name, Line: p.Line, Msg: fmt.Sprintf("industry %q already defined by %s", p.ID, other)})
			continue
		}
		seen[p.ID] = name
		if prev, had := s.base[p.ID]; had {
			r.PrevVersion = prev.rec.Version
			switch {
			case p.Version < prev.rec.Version:
				reject(r, &kg.PackError{File: name, Line: p.Line, Msg: fmt.Sprintf("version %d is older than the loaded version %d", p.Version, prev.rec.Version)})
				continue
			case p.Version == prev.rec.Version && r.Hash == prev.rec.Hash:
				r.Action = "unchanged"
				rep.Packs = append(rep.Packs, r)
				continue
			case p.Version == prev.rec.Version:
				r.Note = "content changed without a version bump"
				s.log.Warn("kg: pack content changed without a version bump", "file", name, "version", p.Version)
			}
		}
		r.Action = "loaded"
		rep.Packs = append(rep.Packs, r)
		ok = append(ok, accepted{p, packRecord{ID: p.ID, Version: p.Version, Hash: r.Hash, File: name, Source: data, LoadedAt: now}})
	}
	if len(ok) > 0 {
		err := s.checkWrite("kg load packs")
		if err == nil {
			err = s.db.Update(func(txn *badger.Txn) error {
				for _, a := range ok {
					v, err := json.Marshal(a.rec)
					if err != nil {
						return err
					}
					if err := txn.Set([]byte(kPack+a.p.ID), v); err != nil {
						return err
					}
					meta := a.rec
					meta.Source = nil
					mv, _ := json.Marshal(meta)
					if err := txn.Set([]byte(fmt.Sprintf("%s%s/%010d", kVersion, a.p.ID, a.p.Version)), mv); err != nil {
						return err
					}
				}
				return nil
			})
		}
		if err == nil {
			err = s.SyncNow()
		}
		if err != nil {
			return rep, fmt.Errorf("load packs %s: store: %w", dir, err)
		}
		for _, a := range ok {
			s.base[a.p.ID] = &storedPack{pack: a.p, rec: a.rec}
			s.log.Info("kg: pack loaded", "industry", a.p.ID, "version", a.p.Version, "file", a.rec.File)
		}
		if err := s.rebuildLocked(); err != nil {
			return rep, err
		}
	}
	if len(errs) > 0 {
		return rep, fmt.Errorf("%w: %w", errPackRejected, errors.Join(errs...))
	}
	return rep, nil
}

// PackVersion is one loaded version of a pack.
type PackVersion struct {
	Industry string    `json:"industry"`
	Version  int       `json:"version"`
	Hash     string    `json:"hash"`
	File     string    `json:"file"`
	LoadedAt time.Time `json:"loaded_at"`
}

// Versions lists every version of an industry's pack that was ever loaded, oldest first.
func (s *Store) Versions(ctx context.Context, industry string) ([]PackVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []PackVersion
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kVersion + industry + "/"), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var rec packRecord
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &rec) }); err != nil {
				return err
			}
			out = append(out, PackVersion{Industry: rec.ID, Version: rec.Version, Hash: rec.Hash, File: rec.File, LoadedAt: rec.LoadedAt})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kg versions %s: %w", industry, err)
	}
	return out, nil
}

// AddTerm adds a term to an aspect, persists it and swaps in a new snapshot at once.
// Adding a term the aspect already has is a no-op. The term's candidate entry, if any, is
// removed.
func (s *Store) AddTerm(ctx context.Context, industry, aspectID, term string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	term = strings.TrimSpace(term)
	switch {
	case term == "":
		return errors.New("add term: empty term")
	case utf8.RuneCountInString(term) > kg.MaxTermRunes:
		return fmt.Errorf("add term %q: longer than %d characters", term, kg.MaxTermRunes)
	case strings.ContainsAny(term, "\x00\n\r\t"):
		return fmt.Errorf("add term %q: contains a control character", term)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.graph.Load()
	p, ok := g.Pack(industry)
	if !ok {
		return fmt.Errorf("add term %q: unknown industry %q", term, industry)
	}
	if _, ok := g.AspectMapping(p.ID, aspectID); !ok {
		return fmt.Errorf("add term %q: industry %s has no aspect %q", term, p.ID, aspectID)
	}
	if g.AspectHasTerm(p.ID, aspectID, term) {
		return nil
	}
	err := s.checkWrite("kg add term")
	if err == nil {
		err = s.db.Update(func(txn *badger.Txn) error {
			v, _ := time.Now().UTC().MarshalText()
			if err := txn.Set([]byte(kTerm+p.ID+"/"+aspectID+"\x00"+term), v); err != nil {
				return err
			}
			return txn.Delete([]byte(kCandidate + p.ID + "/" + kg.NormalizeTerm(term)))
		})
	}
	if err == nil {
		err = s.SyncNow() // acknowledged: it must survive a power loss
	}
	if err != nil {
		return fmt.Errorf("add term %q to %s/%s: %w", term, p.ID, aspectID, err)
	}
	return s.rebuildLocked()
}

// AddIndicator adds an indicator to an industry (validated like a pack entry: id format,
// unique id, known touchpoint, department and parent), persists it and swaps in a new
// snapshot.
func (s *Store) AddIndicator(ctx context.Context, industry string, ind kg.IndicatorSpec) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.graph.Load()
	p, ok := g.Pack(industry) // a copy
	if !ok {
		return fmt.Errorf("add indicator %q: unknown industry %q", ind.ID, industry)
	}
	if _, dup := g.Indicator(p.ID, ind.ID); dup {
		return fmt.Errorf("add indicator %q: industry %s already has it", ind.ID, p.ID)
	}
	ind.Line = 0
	q := p
	q.Indicators = append(q.Indicators, ind)
	if err := q.Validate("add indicator"); err != nil {
		return fmt.Errorf("add indicator %q to %s: %w", ind.ID, p.ID, err)
	}
	ind = q.Indicators[len(q.Indicators)-1] // with defaults filled
	v, err := json.Marshal(ind)
	if err != nil {
		return fmt.Errorf("add indicator %q: %w", ind.ID, err)
	}
	if err := s.checkWrite("kg add indicator"); err != nil {
		return fmt.Errorf("add indicator %q to %s: %w", ind.ID, p.ID, err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte(kIndicator+p.ID+"/"+ind.ID), v)
	}); err != nil {
		return fmt.Errorf("add indicator %q to %s: %w", ind.ID, p.ID, err)
	}
	if err := s.SyncNow(); err != nil { // acknowledged: it must survive a power loss
		return fmt.Errorf("add indicator %q to %s: %w", ind.ID, p.ID, err)
	}
	return s.rebuildLocked()
}

// Export writes an industry's effective pack (file content plus added terms and
// indicators) as YAML that LoadPacks accepts.
func (s *Store) Export(ctx context.Context, industry string, w io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, ok := s.Graph().Pack(industry)
	if !ok {
		return fmt.Errorf("export: unknown industry %q", industry)
	}
	return kg.MarshalPack(p, w)
}

// Candidate is an unknown term seen in customer text, counted, for curators to add.
type Candidate struct {
	Industry string `json:"industry"`
	Term     string `json:"term"`
	// Count is how many records mentioned the term: RecordCandidates counts each record id
	// once (a replayed job, a text sent again add nothing); RecordCandidate, without an id,
	// counts every call.
	Count     int64     `json:"count"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Examples  []string  `json:"examples,omitempty"` // up to maxExamples, most recent last
}

const maxExamples = 3

// RecordCandidate counts an unknown term (with one example text). Terms the industry
// already knows are ignored.
func (s *Store) RecordCandidate(ctx context.Context, industry, term, example string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	term = kg.NormalizeTerm(term)
	if term == "" || utf8.RuneCountInString(term) > kg.MaxTermRunes || strings.ContainsAny(term, "\x00\n\r") {
		return fmt.Errorf("record candidate %q: empty, too long or with control characters", term)
	}
	if !kg.ValidID(industry) {
		return fmt.Errorf("record candidate %q: bad industry id %q", term, industry)
	}
	if s.Graph().KnowsTerm(industry, term) {
		return nil
	}
	example = clip(example, 200)
	key := []byte(kCandidate + industry + "/" + term)
	return s.update(func(txn *badger.Txn) error {
		var c Candidate
		if err := getJSON(txn, key, &c); err != nil {
			return err
		}
		now := time.Now().UTC()
		if c.Count == 0 {
			c = Candidate{Industry: industry, Term: term, FirstSeen: now}
		}
		c.Count++
		c.LastSeen = now
		if example != "" && !slices.Contains(c.Examples, example) {
			c.Examples = append(c.Examples, example)
			if len(c.Examples) > maxExamples {
				c.Examples = c.Examples[len(c.Examples)-maxExamples:]
			}
		}
		return setJSON(txn, key, c)
	}, "record candidate "+term)
}

// Candidates lists an industry's candidates (industry "" = all), most counted first.
// limit ≤ 0 means all.
func (s *Store) Candidates(ctx context.Context, industry string, limit int) ([]Candidate, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	prefix := kCandidate
	if industry != "" {
		prefix += industry + "/"
	}
	var out []Candidate
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var c Candidate
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("kg candidates %s: %w", industry, err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Term < out[j].Term
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// CheckWrite refuses a write while the disk is under the reserve (Options.MinFreeDisk) or
// the store opened read-only, with an error that errors.Is diskspace.ErrLow; the insights
// counters and tasks, in the same database, call it before their writes.
func (s *Store) CheckWrite(what string) error {
	if s.readOnly {
		if err := s.guard.Check(what); err != nil {
			return err
		}
		return fmt.Errorf("%s refused: the store opened read-only because its disk was under the min-free-disk reserve; space is free again, restart to write: %w", what, diskspace.ErrLow)
	}
	return s.guard.Check(what)
}

func (s *Store) checkWrite(what string) error { return s.CheckWrite(what) }

// ReadOnly reports whether the store was opened read-only (the disk was under
// Options.MinFreeDisk at Open); restart it once space is freed to write again.
func (s *Store) ReadOnly() bool { return s.readOnly }

// update runs fn in a read-write transaction, retrying on conflicts.
func (s *Store) update(fn func(txn *badger.Txn) error, what string) error {
	if err := s.checkWrite("kg " + what); err != nil {
		return err
	}
	if err := UpdateRetrying(s.db, fn); err != nil {
		return fmt.Errorf("kg %s: %w", what, err)
	}
	return nil
}

// UpdateRetrying runs fn in a read-write transaction of db, running it again (up to 50
// times) when Badger reports a conflict with a concurrent transaction: the one conflict
// policy of the stores that share this Badger (the graph and package tasks).
func UpdateRetrying(db *badger.DB, fn func(txn *badger.Txn) error) error {
	var err error
	for attempt := 0; attempt < 50; attempt++ {
		err = db.Update(fn)
		if !errors.Is(err, badger.ErrConflict) {
			break
		}
	}
	return err
}

func getJSON(txn *badger.Txn, key []byte, v any) error {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return item.Value(func(b []byte) error { return json.Unmarshal(b, v) })
}

func setJSON(txn *badger.Txn, key []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return txn.Set(key, b)
}

func clip(s string, runes int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= runes {
		return s
	}
	r := []rune(s)
	return string(r[:runes]) + "…"
}

type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	b.l.Error(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}
func (b badgerLogger) Warningf(f string, a ...any) {
	b.l.Warn(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}
func (b badgerLogger) Infof(f string, a ...any) {
	b.l.Debug(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}
func (b badgerLogger) Debugf(f string, a ...any) {
	b.l.Debug(strings.TrimSpace(fmt.Sprintf(f, a...)), "component", "badger")
}
