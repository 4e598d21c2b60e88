package insights

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
)

// Stored record formats (the value of r/<record id>). Version 1 is JSON (it starts with
// '{'); it is still read. Version 2 (written now) is binary, see LAYOUT.md:
//
//	0x02, uvarint string count, the strings (uvarint length + UTF-8), then
//	industry ref, varint unix ms, uvarint combination, sentiment code, text ref,
//	uvarint mention count, per mention: indicator, aspect, department refs, point code,
//	polarity code, term and opinion refs, float64 confidence (8 bytes little endian),
//	text ref, uvarint start, uvarint end;
//	uvarint verdict count, per verdict: indicator and department refs, polarity code,
//	point code.
//
// A ref is a uvarint index into the record's string table (index 0 is always "").
const recordV2 = 2

var errRecord = errors.New("corrupt stored record")

// recTab is the string table of one record (small: a linear search beats a map).
type recTab struct{ strs []string }

func (t *recTab) ref(s string) uint64 {
	for i, x := range t.strs {
		if x == s {
			return uint64(i)
		}
	}
	t.strs = append(t.strs, s)
	return uint64(len(t.strs) - 1)
}

// encodeRecord writes sr in format version 2, appending to buf.
func encodeRecord(buf []byte, sr *storedRecord) []byte {
	t := recTab{strs: make([]string, 1, 8+3*len(sr.Mentions))}
	var refs [16]uint64
	r := refs[:0]
	r = append(r, t.ref(sr.Industry), t.ref(sr.Text))
	for i := range sr.Mentions {
		m := &sr.Mentions[i]
		r = append(r, t.ref(m.Ind), t.ref(m.Asp), t.ref(m.Dept), t.ref(m.Term), t.ref(m.Opinion), t.ref(m.Text))
	}
	for i := range sr.Verdicts {
		v := &sr.Verdicts[i]
		r = append(r, t.ref(v.Ind), t.ref(v.Dept))
	}
	n := 16
	for _, s := range t.strs {
		n += len(s) + 2
	}
	if cap(buf)-len(buf) < n+len(sr.Mentions)*20+len(sr.Verdicts)*6 {
		nb := make([]byte, len(buf), len(buf)+n+len(sr.Mentions)*20+len(sr.Verdicts)*6)
		copy(nb, buf)
		buf = nb
	}
	b := append(buf, recordV2)
	b = binary.AppendUvarint(b, uint64(len(t.strs)-1))
	for _, s := range t.strs[1:] {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, r[0])
	b = binary.AppendVarint(b, sr.Time)
	b = binary.AppendUvarint(b, uint64(sr.Combo))
	b = append(b, polCode(sr.Sentiment))
	b = binary.AppendUvarint(b, r[1])
	r = r[2:]
	b = binary.AppendUvarint(b, uint64(len(sr.Mentions)))
	for i := range sr.Mentions {
		m := &sr.Mentions[i]
		b = binary.AppendUvarint(b, r[0])
		b = binary.AppendUvarint(b, r[1])
		b = binary.AppendUvarint(b, r[2])
		b = append(b, ptCode(m.Point), polCode(m.Pol))
		b = binary.AppendUvarint(b, r[3])
		b = binary.AppendUvarint(b, r[4])
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.Conf))
		b = binary.AppendUvarint(b, r[5])
		b = binary.AppendUvarint(b, uint64(m.Start))
		b = binary.AppendUvarint(b, uint64(m.End))
		r = r[6:]
	}
	b = binary.AppendUvarint(b, uint64(len(sr.Verdicts)))
	for i := range sr.Verdicts {
		v := &sr.Verdicts[i]
		b = binary.AppendUvarint(b, r[0])
		b = binary.AppendUvarint(b, r[1])
		b = append(b, polCode(v.Pol), ptCode(v.Point))
		r = r[2:]
	}
	return b
}

var polNames = [...]string{polNone: "", polNegative: "negative", polNeutral: "neutral", polPositive: "positive"}
var ptNames = [...]string{ptNone: "", ptPain: "pain", ptItch: "itch", ptPleasure: "pleasure"}

// decodeRecord reads a stored record in either format. intern, when not nil, shares
// the id strings.
func decodeRecord(v []byte, sr *storedRecord, intern interner) error {
	if len(v) > 0 && v[0] == '{' {
		return json.Unmarshal(v, sr)
	}
	if len(v) == 0 || v[0] != recordV2 {
		return errRecord
	}
	b := v[1:]
	bad := false
	uv := func() uint64 {
		x, k := binary.Uvarint(b)
		if k <= 0 {
			bad = true
			return 0
		}
		b = b[k:]
		return x
	}
	u8 := func() uint8 {
		if len(b) == 0 {
			bad = true
			return 0
		}
		x := b[0]
		b = b[1:]
		return x
	}
	ns := uv()
	if bad || ns > uint64(len(b)) {
		return errRecord
	}
	strs := make([]string, ns+1)
	for i := 1; i < len(strs); i++ {
		l := uv()
		if bad || l > uint64(len(b)) {
			return errRecord
		}
		if intern != nil && l <= 64 {
			strs[i] = intern.get(b[:l])
		} else {
			strs[i] = string(b[:l])
		}
		b = b[l:]
	}
	str := func() string {
		x := uv()
		if x >= uint64(len(strs)) {
			bad = true
			return ""
		}
		return strs[x]
	}
	pol := func() string {
		x := u8()
		if int(x) >= len(polNames) {
			bad = true
			return ""
		}
		return polNames[x]
	}
	pt := func() string {
		x := u8()
		if int(x) >= len(ptNames) {
			bad = true
			return ""
		}
		return ptNames[x]
	}
	*sr = storedRecord{}
	sr.Industry = str()
	t, k := binary.Varint(b)
	if k <= 0 {
		return errRecord
	}
	b = b[k:]
	sr.Time = t
	c := uv()
	if c > math.MaxUint32 {
		return errRecord
	}
	sr.Combo = uint32(c)
	sr.Sentiment = pol()
	sr.Text = str()
	nm := uv()
	if bad || nm > uint64(len(b)) {
		return errRecord
	}
	if nm > 0 {
		sr.Mentions = make([]storedMention, nm)
	}
	for i := range sr.Mentions {
		m := &sr.Mentions[i]
		m.Ind, m.Asp, m.Dept = str(), str(), str()
		m.Point, m.Pol = pt(), pol()
		m.Term, m.Opinion = str(), str()
		if len(b) < 8 {
			return errRecord
		}
		m.Conf = math.Float64frombits(binary.LittleEndian.Uint64(b))
		b = b[8:]
		m.Text = str()
		s, e := uv(), uv()
		if bad || s > math.MaxInt32 || e > math.MaxInt32 {
			return errRecord
		}
		m.Start, m.End = int(s), int(e)
	}
	nv := uv()
	if bad || nv > uint64(len(b)) {
		return errRecord
	}
	if nv > 0 {
		sr.Verdicts = make([]storedVerdict, nv)
	}
	for i := range sr.Verdicts {
		x := &sr.Verdicts[i]
		x.Ind, x.Dept = str(), str()
		x.Pol, x.Point = pol(), pt()
	}
	if bad || len(b) != 0 {
		return errRecord
	}
	return nil
}
