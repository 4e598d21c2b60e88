package insights

import (
	"encoding/binary"
	"errors"
	"sort"
)

// Entry kinds in a counter blob.
const (
	kindRecord     uint8 = iota // records of the day; Pol = record sentiment
	kindIndRecord               // records with a verdict on Ind; Pol/Point = that verdict
	kindDeptRecord              // records with a counted mention in Dept
	kindMention                 // counted mentions of (Ind, Asp, Dept, Point, Pol)
)

// Polarity and point codes in blobs.
const (
	polNone uint8 = iota
	polNegative
	polNeutral
	polPositive
)

const (
	ptNone uint8 = iota
	ptPain
	ptItch
	ptPleasure
)

func polCode(p string) uint8 {
	switch p {
	case "negative", "neg":
		return polNegative
	case "neutral", "neu":
		return polNeutral
	case "positive", "pos":
		return polPositive
	}
	return polNone
}

func ptCode(p string) uint8 {
	switch p {
	case "pain":
		return ptPain
	case "itch":
		return ptItch
	case "pleasure":
		return ptPleasure
	}
	return ptNone
}

// entryKey is one counter inside a blob. Day is the day of the month (1..31) in a day
// bucket, the day of the week (0 = Monday) in a week bucket.
type entryKey struct {
	Day, Kind, Point, Pol uint8
	Ind, Asp, Dept        string
}

type entry struct {
	entryKey
	N int64
}

// Blob formats. Version 1: uvarint entry count, then per entry day, kind, point, pol
// bytes, three uvarint-length strings (indicator, aspect, department) and a uvarint count.
// Version 2 (written now): a string table first (uvarint count, then uvarint-length
// strings), then uvarint entry count and per entry day, kind, point, pol bytes, three
// uvarint indexes into the table and a uvarint count. Both are read.
const (
	blobV1      = 1
	blobVersion = 2
)

// encodeEntries writes entries sorted (format version 2).
func encodeEntries(es []entry) []byte {
	sort.Slice(es, func(i, j int) bool { return lessKey(&es[i].entryKey, &es[j].entryKey) })
	return encodeSorted(es)
}

// encodeSorted writes entries already in lessKey order.
func encodeSorted(es []entry) []byte { return encodeSortedBuf(es, &blobScratch{}) }

// blobScratch holds buffers reused across blobs by one writer.
type blobScratch struct {
	strs  []string
	refs  [][3]uint64
	table [][]byte
}

// encodeSortedBuf is encodeSorted with reused buffers.
func encodeSortedBuf(es []entry, sc *blobScratch) []byte {
	strs := sc.strs[:0]
	defer func() { sc.strs = strs[:0] }()
	idx := func(s string) uint64 { // tables are small: a linear search beats a map
		for i, x := range strs {
			if x == s {
				return uint64(i)
			}
		}
		strs = append(strs, s)
		return uint64(len(strs) - 1)
	}
	refs := sc.refs[:0]
	if cap(refs) < len(es) {
		refs = make([][3]uint64, len(es))
	}
	refs = refs[:len(es)]
	sc.refs = refs
	for i := range es {
		refs[i] = [3]uint64{idx(es[i].Ind), idx(es[i].Asp), idx(es[i].Dept)}
	}
	b := make([]byte, 0, 8+len(strs)*16+len(es)*9)
	b = append(b, blobVersion)
	b = binary.AppendUvarint(b, uint64(len(strs)))
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(es)))
	for i := range es {
		e := &es[i]
		b = append(b, e.Day, e.Kind, e.Point, e.Pol)
		b = binary.AppendUvarint(b, refs[i][0])
		b = binary.AppendUvarint(b, refs[i][1])
		b = binary.AppendUvarint(b, refs[i][2])
		b = binary.AppendUvarint(b, uint64(e.N))
	}
	return b
}

func lessKey(a, b *entryKey) bool {
	if a.Day != b.Day {
		return a.Day < b.Day
	}
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	if a.Ind != b.Ind {
		return a.Ind < b.Ind
	}
	if a.Asp != b.Asp {
		return a.Asp < b.Asp
	}
	if a.Dept != b.Dept {
		return a.Dept < b.Dept
	}
	if a.Point != b.Point {
		return a.Point < b.Point
	}
	return a.Pol < b.Pol
}

var errBlob = errors.New("corrupt counter blob")

// walkBlobBuf calls fn per entry with the raw strings (valid during the call only),
// decoding the string table into a reused buffer.
func walkBlobBuf(b []byte, tableBuf *[][]byte, fn func(day, kind, point, pol uint8, s *[3][]byte, n int64)) error {
	if len(b) == 0 {
		return nil
	}
	ver := b[0]
	if ver != blobV1 && ver != blobVersion {
		return errBlob
	}
	b = b[1:]
	uv := func() (uint64, bool) {
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, false
		}
		b = b[k:]
		return v, true
	}
	str := func() ([]byte, bool) {
		l, ok := uv()
		if !ok || uint64(len(b)) < l {
			return nil, false
		}
		s := b[:l]
		b = b[l:]
		return s, true
	}
	var table [][]byte
	if ver == blobVersion {
		n, ok := uv()
		if !ok || n > uint64(len(b)) {
			return errBlob
		}
		if uint64(cap(*tableBuf)) < n {
			*tableBuf = make([][]byte, n)
		}
		table = (*tableBuf)[:n]
		for i := range table {
			if table[i], ok = str(); !ok {
				return errBlob
			}
		}
	}
	n, ok := uv()
	if !ok {
		return errBlob
	}
	var ss [3][]byte
	for i := uint64(0); i < n; i++ {
		if len(b) < 4 {
			return errBlob
		}
		day, kind, point, pol := b[0], b[1], b[2], b[3]
		b = b[4:]
		for j := range ss {
			if ver == blobV1 {
				if ss[j], ok = str(); !ok {
					return errBlob
				}
				continue
			}
			x, ok := uv()
			if !ok || x >= uint64(len(table)) {
				return errBlob
			}
			ss[j] = table[x]
		}
		c, ok := uv()
		if !ok {
			return errBlob
		}
		fn(day, kind, point, pol, &ss, int64(c))
	}
	return nil
}

// decodeBlob calls fn for each entry, its strings made by intern.
func decodeBlob(b []byte, intern func([]byte) string, fn func(e *entry)) error {
	var table [][]byte
	return decodeBlobBuf(b, &table, intern, fn)
}

// decodeBlobBuf is decodeBlob with a reused string-table buffer.
func decodeBlobBuf(b []byte, table *[][]byte, intern func([]byte) string, fn func(e *entry)) error {
	var e entry
	return walkBlobBuf(b, table, func(day, kind, point, pol uint8, s *[3][]byte, n int64) {
		e.Day, e.Kind, e.Point, e.Pol, e.N = day, kind, point, pol, n
		e.Ind, e.Asp, e.Dept = intern(s[0]), intern(s[1]), intern(s[2])
		fn(&e)
	})
}

// interner shares the strings of decoded blobs (ids repeat across thousands of entries).
type interner map[string]string

func (in interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}
