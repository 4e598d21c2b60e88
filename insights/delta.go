package insights

import (
	"encoding/binary"
	"errors"
	"fmt"

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
	tab   *strTab
	blobs map[blobID]map[dkey]int64
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
	changed := false
	for _, n := range delta {
		changed = changed || n != 0
	}
	if !changed {
		return nil
	}
	m := make(map[dkey]int64, len(delta)+16)
	item, err := txn.Get(key)
	switch {
	case err == nil:
		if err := item.Value(func(v []byte) error { return d.decode(v, m) }); err != nil {
			return fmt.Errorf("counter %x: %w", key, err)
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return err
	}
	for k, n := range delta {
		m[k] += n
	}
	es := make([]entry, 0, len(m))
	for k, n := range m {
		if n > 0 {
			es = append(es, entry{entryKey{Day: k.Day, Kind: k.Kind, Point: k.Point, Pol: k.Pol, Ind: d.tab.strs[k.Ind], Asp: d.tab.strs[k.Asp], Dept: d.tab.strs[k.Dept]}, n})
		}
	}
	if len(es) == 0 {
		return txn.Delete(key)
	}
	return txn.Set(key, encodeEntries(es))
}

// decode reads a blob into m (same layout as decodeBlob).
func (d *deltaSet) decode(b []byte, m map[dkey]int64) error {
	if len(b) == 0 {
		return nil
	}
	if b[0] != blobVersion {
		return errBlob
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return errBlob
	}
	b = b[k:]
	for i := uint64(0); i < n; i++ {
		if len(b) < 4 {
			return errBlob
		}
		e := dkey{Day: b[0], Kind: b[1], Point: b[2], Pol: b[3]}
		b = b[4:]
		var ids [3]uint32
		for j := range ids {
			l, k := binary.Uvarint(b)
			if k <= 0 || uint64(len(b)-k) < l {
				return errBlob
			}
			ids[j] = d.tab.idBytes(b[k : k+int(l)])
			b = b[k+int(l):]
		}
		e.Ind, e.Asp, e.Dept = ids[0], ids[1], ids[2]
		c, k := binary.Uvarint(b)
		if k <= 0 {
			return errBlob
		}
		b = b[k:]
		m[e] += int64(c)
	}
	return nil
}
