package insights

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// strTab numbers the strings of one write (ids, names) so that counter deltas hash
// fixed-size keys. Id 0 is "".
type strTab struct {
	idx  map[string]uint32
	strs []string
}

func newStrTab() *strTab { return &strTab{idx: map[string]uint32{"": 0}, strs: []string{""}} }

func (t *strTab) id(s string) uint32 {
	if i, ok := t.idx[s]; ok {
		return i
	}
	i := uint32(len(t.strs))
	t.idx[s] = i
	t.strs = append(t.strs, s)
	return i
}

func (t *strTab) idBytes(b []byte) uint32 {
	if i, ok := t.idx[string(b)]; ok { // no allocation for the lookup
		return i
	}
	return t.id(string(b))
}

// dkey is entryKey with numbered strings.
type dkey struct {
	Day, Kind, Point, Pol uint8
	Ind, Asp, Dept        uint32
}

// blobID names one counter blob: a combination and its bucket (yyyymm or yyyymmdd).
type blobID struct {
	combo  uint32
	bucket uint32
}

func (b blobID) key() []byte {
	k := make([]byte, 0, len(kCounter)+12)
	k = append(k, kCounter...)
	k = binary.BigEndian.AppendUint32(k, b.combo)
	return strconv.AppendUint(k, uint64(b.bucket), 10)
}

// deltaSet gathers the counter changes of one transaction. Blobs that many records of
// the transaction touch (the rollups: a day of the industry or of one dimension value)
// count in dense vectors indexed by a per-transaction number of the day-less entry key,
// so that a record costs one map lookup per rollup instead of one per entry.
type deltaSet struct {
	tab     *strTab
	blobs   map[blobID]map[dkey]int64
	kids    map[dkey]int32 // day-less entry key → index into dense vectors
	kidKeys []dkey
	dense   map[blobID]*denseDelta
	written int64 // bytes of blobs written
	sc      blobScratch
	old     []entry // merge's buffers, reused across blobs
	out     []entry
}

// denseDelta is the change of one day blob, indexed by key number.
type denseDelta struct {
	day uint8
	n   []int64
}

func newDeltaSet() *deltaSet {
	return &deltaSet{tab: newStrTab(), blobs: map[blobID]map[dkey]int64{}, kids: map[dkey]int32{}, dense: map[blobID]*denseDelta{}}
}

// kid numbers a day-less entry key for addDense.
func (d *deltaSet) kid(k dkey) int32 {
	k.Day = 0
	if i, ok := d.kids[k]; ok {
		return i
	}
	i := int32(len(d.kidKeys))
	d.kids[k] = i
	d.kidKeys = append(d.kidKeys, k)
	return i
}

// addDense adds sign to each numbered key of the day blob b.
func (d *deltaSet) addDense(b blobID, day uint8, kids []int32, sign int64) {
	v := d.dense[b]
	if v == nil {
		v = &denseDelta{day: day, n: make([]int64, len(d.kidKeys), max(64, len(d.kidKeys)))}
		d.dense[b] = v
	}
	for _, k := range kids {
		if int(k) >= len(v.n) {
			v.n = append(v.n, make([]int64, len(d.kidKeys)-len(v.n))...)
		}
		v.n[k] += sign
	}
}

func (d *deltaSet) key(e *entryKey) dkey {
	return dkey{Day: e.Day, Kind: e.Kind, Point: e.Point, Pol: e.Pol, Ind: d.tab.id(e.Ind), Asp: d.tab.id(e.Asp), Dept: d.tab.id(e.Dept)}
}

func (d *deltaSet) add(b blobID, day uint8, ks []dkey, sign int64) {
	m := d.blobs[b]
	if m == nil {
		m = make(map[dkey]int64, len(ks)*2)
		d.blobs[b] = m
	}
	for _, k := range ks {
		k.Day = day
		m[k] += sign
	}
}

// write merges every blob's deltas into Badger (read-modify-write; the caller holds wmu).
func (d *deltaSet) write(txn *badger.Txn) error {
	// Each blob's changes are sorted as packed integers: the rank of each string in
	// string order stands for the string (lessKey order), when the ranks fit 16 bits.
	var rank []uint64
	if len(d.tab.strs) <= 1<<16 {
		order := make([]uint32, len(d.tab.strs))
		for i := range order {
			order[i] = uint32(i)
		}
		slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(d.tab.strs[a], d.tab.strs[b]) })
		rank = make([]uint64, len(order))
		for r, i := range order {
			rank[i] = uint64(r)
		}
	}
	var packed []packedDelta
	var add []entry
	flush := func(b blobID) error {
		add = add[:0]
		if rank != nil {
			slices.SortFunc(packed, func(a, b packedDelta) int { return cmp.Compare(a.k, b.k) })
			for _, p := range packed {
				add = append(add, d.entry(p.dk, p.n))
			}
		} else {
			for _, p := range packed {
				add = append(add, d.entry(p.dk, p.n))
			}
			sort.Slice(add, func(i, j int) bool { return lessKey(&add[i].entryKey, &add[j].entryKey) })
		}
		return d.merge(txn, b.key(), add)
	}
	pack := func(k dkey, n int64) {
		p := packedDelta{dk: k, n: n}
		if rank != nil {
			p.k = uint64(k.Day)<<59 | uint64(k.Kind)<<56 | rank[k.Ind]<<40 | rank[k.Asp]<<24 | rank[k.Dept]<<8 | uint64(k.Point)<<4 | uint64(k.Pol)
		}
		packed = append(packed, p)
	}
	for b, m := range d.blobs {
		packed = packed[:0]
		for k, n := range m {
			if n != 0 {
				pack(k, n)
			}
		}
		if err := flush(b); err != nil {
			return err
		}
	}
	for b, v := range d.dense {
		packed = packed[:0]
		for i, n := range v.n {
			if n != 0 {
				k := d.kidKeys[i]
				k.Day = v.day
				pack(k, n)
			}
		}
		if err := flush(b); err != nil {
			return err
		}
	}
	return nil
}

// packedDelta is one change with its sort key.
type packedDelta struct {
	k  uint64
	dk dkey
	n  int64
}

func (d *deltaSet) entry(k dkey, n int64) entry {
	return entry{entryKey{Day: k.Day, Kind: k.Kind, Point: k.Point, Pol: k.Pol, Ind: d.tab.strs[k.Ind], Asp: d.tab.strs[k.Asp], Dept: d.tab.strs[k.Dept]}, n}
}

// merge adds the entries add (in lessKey order) to the blob at key.
func (d *deltaSet) merge(txn *badger.Txn, key []byte, add []entry) error {
	if len(add) == 0 {
		return nil
	}
	old := d.old[:0]
	item, err := txn.Get(key)
	switch {
	case err == nil:
		err := item.Value(func(v []byte) error {
			var e entry
			return walkBlobBuf(v, &d.sc.table, func(day, kind, point, pol uint8, s *[3][]byte, n int64) {
				e.Day, e.Kind, e.Point, e.Pol, e.N = day, kind, point, pol, n
				e.Ind, e.Asp, e.Dept = d.tab.strs[d.tab.idBytes(s[0])], d.tab.strs[d.tab.idBytes(s[1])], d.tab.strs[d.tab.idBytes(s[2])]
				old = append(old, e)
			})
		})
		if err != nil {
			return fmt.Errorf("counter %x: %w", key, err)
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return err
	}
	// Both sorted (blobs are written sorted): merge-join.
	d.old = old
	out := d.out[:0]
	defer func() { d.out = out[:0] }()
	i, j := 0, 0
	for i < len(old) || j < len(add) {
		var e entry
		switch {
		case j == len(add) || i < len(old) && lessKey(&old[i].entryKey, &add[j].entryKey):
			e = old[i]
			i++
		case i == len(old) || lessKey(&add[j].entryKey, &old[i].entryKey):
			e = add[j]
			j++
		default:
			e = old[i]
			e.N += add[j].N
			i++
			j++
		}
		if e.N > 0 {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return txn.Delete(key)
	}
	b := encodeSortedBuf(out, &d.sc)
	d.written += int64(len(b))
	return txn.Set(key, b)
}
