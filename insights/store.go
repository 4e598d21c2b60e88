package insights

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/diskspace"
)

// Options configures Open. The zero value is usable; every default is named here.
type Options struct {
	// Location is the time zone that decides a record's calendar day (and week, month)
	// and reads times without a zone. Default time.Local.
	Location *time.Location
	// TextLimit: of a record's text only what can be evidence is kept, the sentence around
	// each counted mention, each clipped to TextLimit code points around its mention.
	// Default 120 (what Evidence shows at most); negative keeps no text.
	TextLimit int
	// ChunkSize is how many records one Badger write transaction carries at most; a
	// transaction Badger finds too big is split in halves and the size that fitted is kept.
	// Default 16384.
	ChunkSize int
	// DepartmentOf names the department id of an indicator; it is used only by the
	// one-time migration of the old kg day counters, which did not store departments.
	// Nil: migrated counters carry no department (department filters skip them).
	DepartmentOf func(industry, indicator string) string
	// SkipMigration leaves the old kg counters alone at Open. Default false.
	SkipMigration bool
	// GCBytes: after Ingest has rewritten this many bytes of counter blobs, it asks Badger
	// to garbage-collect the value log (blobs of 1 KB and more live there, and every rewrite
	// leaves the old version behind). Default 64 MiB; negative never.
	GCBytes int64
	// CheckWrite, when set, is asked before every write transaction (store.Store.CheckWrite:
	// the free-disk reserve); its error refuses the write and is returned wrapped.
	CheckWrite func(what string) error
}

func (o Options) withDefaults() Options {
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.TextLimit == 0 {
		o.TextLimit = 120
	}
	if o.GCBytes == 0 {
		o.GCBytes = 64 << 20
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = 16384
	}
	return o
}

// Key prefixes; LAYOUT.md describes each.
const (
	prefix   = "ins/v1/"
	kCombo   = prefix + "d/" // d/<u32 id> → comboRec (JSON)
	kCounter = prefix + "c/" // c/<u32 combo><yyyymm | yyyymmdd> → blob
	kRecord  = prefix + "r/" // r/<record id> → storedRecord (binary v2; JSON v1 read)
	kIndex   = prefix + "t/" // t/<industry>/<yyyymmdd>/<u32 combo><record id> → driver row
	kName    = prefix + "n/" // n/<industry>/<kind>/<id> → name
	kMeta    = prefix + "m/" // m/<name> → JSON
)

// Dimension bits of a rollup combination (Combo.Mask).
const (
	dimChannel uint8 = 1 << iota
	dimBrand
	dimProduct
	dimStore
	dimRegion
	dimSegment
	numDims = 6
)

var dimNames = [numDims]string{"channel", "brand", "product", "store", "region", "segment"}

func dimValue(d *Dims, i int) string {
	switch i {
	case 0:
		return d.Channel
	case 1:
		return d.Brand
	case 2:
		return d.Product
	case 3:
		return d.Store
	case 4:
		return d.Region
	case 5:
		return d.Segment
	}
	return ""
}

func setDim(d *Dims, i int, v string) {
	switch i {
	case 0:
		d.Channel = v
	case 1:
		d.Brand = v
	case 2:
		d.Product = v
	case 3:
		d.Store = v
	case 4:
		d.Region = v
	case 5:
		d.Segment = v
	}
}

func dimIndex(name string) int {
	for i, n := range dimNames {
		if n == name {
			return i
		}
	}
	return -1
}

// comboRec is one combination of dimension values in one industry. A full combination is
// a record's exact dims (tags included) and is counted by week (Monday first); a rollup keeps only the
// dimensions in Mask (none: the industry total; one bit: one dimension) and is counted by
// day.
type comboRec struct {
	Industry string `json:"i"`
	Full     bool   `json:"f,omitempty"`
	Mask     uint8  `json:"m,omitempty"`
	Dims     Dims   `json:"d"`
}

func (c comboRec) key() string { return string(c.appendKey(nil)) }

// appendKey appends the combination's dictionary key to b.
func (c *comboRec) appendKey(b []byte) []byte {
	b = append(b, c.Industry...)
	if c.Full {
		b = append(b, "\x1fF"...)
	} else {
		b = append(b, "\x1fR"...)
		b = strconv.AppendUint(b, uint64(c.Mask), 10)
	}
	for i := 0; i < numDims; i++ {
		b = append(b, 0x1f)
		b = append(b, dimValue(&c.Dims, i)...)
	}
	for _, t := range c.Dims.Tags {
		b = append(b, 0x1e)
		b = append(b, t...)
	}
	return b
}

// Store holds the counters. Safe for concurrent use; writes are serialised.
type Store struct {
	db  *badger.DB
	opt Options

	wmu     sync.Mutex // one writer: counters are read-modify-write
	sinceGC int64      // blob bytes rewritten since the last value-log GC (under wmu)
	chunk   int        // records per transaction that last fitted (under wmu)
	tooBig  int        // transactions Badger refused as too big (under wmu)
	stats   writeStats // what Ingest wrote (under wmu; read by the benchmark)
	runes   []rune     // prepare's text buffer (under wmu)

	mu       sync.RWMutex
	combos   []*comboRec         // by id; index 0 unused
	comboIdx map[string]uint32   // comboRec.key() → id
	byInd    map[string][]uint32 // industry → its combination ids
	names    map[nameKey]string  // display names
	// rollupCache maps a full combination to the combinations a record in it counts in.
	rollupCache map[uint32][]uint32
}

// Open attaches the counters to db (usually store.Store.DB()), loads the combination
// dictionary and runs the one-time migration of the old kg day counters. Close does not
// close db.
func Open(db *badger.DB, opt Options) (*Store, error) {
	if db == nil {
		return nil, fmt.Errorf("insights open: nil Badger DB")
	}
	s := &Store{db: db, opt: opt.withDefaults(), combos: []*comboRec{nil}, comboIdx: map[string]uint32{}, byInd: map[string][]uint32{}, names: map[nameKey]string{}, rollupCache: map[uint32][]uint32{}}
	err := db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kCombo), PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != len(kCombo)+4 {
				return fmt.Errorf("bad combination key %q", k)
			}
			id := binary.BigEndian.Uint32(k[len(kCombo):])
			var c comboRec
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
				return fmt.Errorf("combination %d: %w", id, err)
			}
			for uint32(len(s.combos)) <= id {
				s.combos = append(s.combos, nil)
			}
			s.combos[id] = &c
			s.comboIdx[c.key()] = id
			s.byInd[c.Industry] = append(s.byInd[c.Industry], id)
		}
		it2 := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(kName), PrefetchValues: true, PrefetchSize: 256})
		defer it2.Close()
		for it2.Rewind(); it2.Valid(); it2.Next() {
			parts := strings.SplitN(string(it2.Item().Key()[len(kName):]), "/", 3)
			if len(parts) != 3 {
				continue
			}
			k := nameKey{parts[0], parts[1], parts[2]}
			if err := it2.Item().Value(func(v []byte) error { s.names[k] = string(v); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("insights open: %w", err)
	}
	if !s.opt.SkipMigration {
		if _, err := s.migrateKG(context.Background()); err != nil && !errors.Is(err, diskspace.ErrLow) {
			return nil, fmt.Errorf("insights open: %w", err)
		}
		// Refused for lack of disk space (CheckWrite): the store is read-only for now; the
		// migration is resumable and runs at the next Open with space.
	}
	return s, nil
}

// Close releases nothing today (the DB belongs to the caller); it waits for a running
// Ingest to finish.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return nil
}

// Name returns the display name stored for an industry's node (kind: indicator, aspect,
// department), or id when none is known.
func (s *Store) Name(industry, kind, id string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if n := s.names[nameKey{industry, kind, id}]; n != "" {
		return n
	}
	return id
}

// comboID returns the id of c, assigning one in pending (not yet visible) when new.
func (s *Store) comboID(c comboRec, pending *pendingCombos) uint32 {
	var buf [160]byte
	kb := c.appendKey(buf[:0])
	s.mu.RLock()
	id, ok := s.comboIdx[string(kb)]
	next := uint32(len(s.combos))
	s.mu.RUnlock()
	if ok {
		return id
	}
	if id, ok := pending.idx[string(kb)]; ok {
		return id
	}
	k := string(kb)
	id = next + uint32(len(pending.list))
	cc := c
	pending.list = append(pending.list, &cc)
	if pending.idx == nil {
		pending.idx = map[string]uint32{}
	}
	pending.idx[k] = id
	return id
}

type pendingCombos struct {
	list []*comboRec
	idx  map[string]uint32
}

func (s *Store) combo(id uint32, pending *pendingCombos) *comboRec {
	s.mu.RLock()
	n := uint32(len(s.combos))
	var c *comboRec
	if id < n {
		c = s.combos[id]
	}
	s.mu.RUnlock()
	if c == nil && pending != nil && id >= n && int(id-n) < len(pending.list) {
		c = pending.list[id-n]
	}
	return c
}

func comboKey(id uint32) []byte {
	k := make([]byte, len(kCombo)+4)
	copy(k, kCombo)
	binary.BigEndian.PutUint32(k[len(kCombo):], id)
	return k
}

func counterKey(id uint32, bucket string) []byte {
	k := make([]byte, 0, len(kCounter)+4+len(bucket))
	k = append(k, kCounter...)
	k = binary.BigEndian.AppendUint32(k, id)
	return append(k, bucket...)
}

// rollupIDs are the combination ids a record with full combination dims counts in: the
// full one, the industry total and one per non-empty dimension.
func (s *Store) rollupIDs(industry string, d Dims, pending *pendingCombos) []uint32 {
	d.Tags = normTags(d.Tags)
	ids := []uint32{s.comboID(comboRec{Industry: industry, Full: true, Dims: d}, pending), s.comboID(comboRec{Industry: industry}, pending)}
	for i := 0; i < numDims; i++ {
		if v := dimValue(&d, i); v != "" {
			var r Dims
			setDim(&r, i, v)
			ids = append(ids, s.comboID(comboRec{Industry: industry, Mask: 1 << i, Dims: r}, pending))
		}
	}
	return ids
}

func normTags(t []string) []string {
	if len(t) == 0 {
		return nil
	}
	out := make([]string, 0, len(t))
	for _, x := range t {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	j := 0
	for i, x := range out {
		if i == 0 || x != out[j-1] {
			out[j] = x
			j++
		}
	}
	if j == 0 {
		return nil
	}
	return out[:j]
}

// publish makes committed pending combinations and names visible.
func (s *Store) publish(p *pendingCombos, names map[nameKey]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range p.list {
		id := uint32(len(s.combos))
		s.combos = append(s.combos, c)
		s.comboIdx[c.key()] = id
		s.byInd[c.Industry] = append(s.byInd[c.Industry], id)
	}
	for k, v := range names {
		s.names[k] = v
	}
}

// writeStats sums what Ingest wrote, for the benchmark's account of where bytes go.
type writeStats struct {
	txns, blobs            int   // transactions committed, counter blobs rewritten
	blobBytes, recordBytes int64 // bytes of counter blobs, of r/ and t/ values and keys
}
