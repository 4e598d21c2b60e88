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

func polName(c uint8) string {
	return [...]string{"", "negative", "neutral", "positive"}[c&3]
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

func ptName(c uint8) string {
	return [...]string{"", "pain", "itch", "pleasure"}[c&3]
}

// entryKey is one counter inside a blob. Day is the day of the month (1..31).
type entryKey struct {
	Day, Kind, Point, Pol uint8
	Ind, Asp, Dept        string
}

type entry struct {
	entryKey
	N int64
}

const blobVersion = 1

// encodeBlob writes entries sorted, dropping zero counts. Layout: version byte, uvarint
// count, then per entry day, kind, point, pol bytes, three uvarint-length strings (ind,
// asp, dept) and a uvarint count.
func encodeBlob(m map[entryKey]int64) []byte {
	es := make([]entry, 0, len(m))
	for k, n := range m {
		if n > 0 {
			es = append(es, entry{k, n})
		}
	}
	if len(es) == 0 {
		return nil
	}
	sort.Slice(es, func(i, j int) bool { return lessKey(&es[i].entryKey, &es[j].entryKey) })
	b := make([]byte, 0, 2+len(es)*24)
	b = append(b, blobVersion)
	b = binary.AppendUvarint(b, uint64(len(es)))
	for i := range es {
		e := &es[i]
		b = append(b, e.Day, e.Kind, e.Point, e.Pol)
		for _, s := range [3]string{e.Ind, e.Asp, e.Dept} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
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

// decodeBlob calls fn for each entry. Strings in the entry alias b only for the call's
// duration when intern is nil.
func decodeBlob(b []byte, intern func([]byte) string, fn func(e *entry)) error {
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
	var e entry
	for i := uint64(0); i < n; i++ {
		if len(b) < 4 {
			return errBlob
		}
		e.Day, e.Kind, e.Point, e.Pol = b[0], b[1], b[2], b[3]
		b = b[4:]
		var strs [3]string
		for j := range strs {
			l, k := binary.Uvarint(b)
			if k <= 0 || uint64(len(b)-k) < l {
				return errBlob
			}
			strs[j] = intern(b[k : k+int(l)])
			b = b[k+int(l):]
		}
		e.Ind, e.Asp, e.Dept = strs[0], strs[1], strs[2]
		c, k := binary.Uvarint(b)
		if k <= 0 {
			return errBlob
		}
		b = b[k:]
		e.N = int64(c)
		fn(&e)
	}
	return nil
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
