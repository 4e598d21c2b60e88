package insights

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"

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
	return fmt.Appendf(k, "%d", b.bucket)
}

// deltaSet gathers the counter changes of one transaction.
type deltaSet struct {
	tab     *strTab
	blobs   map[blobID]map[dkey]int64
	written int64 // bytes of blobs written
}

func newDeltaSet() *deltaSet { return &deltaSet{tab: newStrTab(), blobs: map[blobID]map[dkey]int64{}} }

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
	for b, m := range d.blobs {
		if err := d.merge(txn, b.key(), m); err != nil {
			return err
		}
	}
	return nil
}

func (d *deltaSet) merge(txn *badger.Txn, key []byte, delta map[dkey]int64) error {
	add := make([]entry, 0, len(delta))
	for k, n := range delta {
		if n != 0 {
			add = append(add, entry{entryKey{Day: k.Day, Kind: k.Kind, Point: k.Point, Pol: k.Pol, Ind: d.tab.strs[k.Ind], Asp: d.tab.strs[k.Asp], Dept: d.tab.strs[k.Dept]}, n})
		}
	}
	if len(add) == 0 {
		return nil
	}
	sort.Slice(add, func(i, j int) bool { return lessKey(&add[i].entryKey, &add[j].entryKey) })
	var old []entry
	item, err := txn.Get(key)
	switch {
	case err == nil:
		err := item.Value(func(v []byte) error {
			return decodeBlob(v, func(b []byte) string { return d.tab.strs[d.tab.idBytes(b)] }, func(e *entry) { old = append(old, *e) })
		})
		if err != nil {
			return fmt.Errorf("counter %x: %w", key, err)
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return err
	}
	// Both sorted (blobs are written sorted): merge-join.
	out := make([]entry, 0, len(old)+len(add))
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
	b := encodeSorted(out)
	d.written += int64(len(b))
	return txn.Set(key, b)
}

// decode reads a blob into m.
func (d *deltaSet) decode(b []byte, m map[dkey]int64) error {
	return walkBlob(b, func(day, kind, point, pol uint8, s *[3][]byte, n int64) {
		m[dkey{Day: day, Kind: kind, Point: point, Pol: pol, Ind: d.tab.idBytes(s[0]), Asp: d.tab.idBytes(s[1]), Dept: d.tab.idBytes(s[2])}] += n
	})
}
