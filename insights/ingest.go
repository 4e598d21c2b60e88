package insights

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/mention"
)

// IngestStats says what one Ingest did.
type IngestStats struct {
	Records   int `json:"records"`   // records given
	New       int `json:"new"`       // ids not seen before
	Replaced  int `json:"replaced"`  // ids seen before with different content (the old contribution was removed); an id repeated within one call counts here too
	Unchanged int `json:"unchanged"` // ids seen before with the same content: nothing written
	Mentions  int `json:"mentions"`  // customer-voice mentions with a graph place counted
	// NoIndustry counts records skipped because neither Record.Industry nor any counted
	// mention names an industry (nothing could be counted under one).
	NoIndustry int `json:"no_industry,omitempty"`
	// Errors lists the records rejected (bad id or time); the others were ingested.
	Errors []RecordError `json:"errors,omitempty"`
}

// RecordError is one rejected record.
type RecordError struct {
	Index int    `json:"index"`
	ID    string `json:"id"`
	Err   string `json:"error"`
}

const maxIDLen = 512

// storedRecord is what the store keeps per record id: enough to remove its contribution
// when the id comes again, to answer Evidence, and to rebuild the Drivers row.
type storedRecord struct {
	Industry  string          `json:"i"`
	Time      int64           `json:"t"` // unix ms
	Combo     uint32          `json:"c"` // full combination id
	Sentiment string          `json:"s,omitempty"`
	Text      string          `json:"x,omitempty"` // the record text, clipped to Options.TextLimit code points
	Mentions  []storedMention `json:"m,omitempty"`
	Verdicts  []storedVerdict `json:"v,omitempty"`
}

type storedMention struct {
	Ind     string  `json:"i"`
	Asp     string  `json:"a,omitempty"`
	Dept    string  `json:"d,omitempty"`
	Point   string  `json:"p,omitempty"`
	Pol     string  `json:"o"`
	Term    string  `json:"t,omitempty"`
	Opinion string  `json:"op,omitempty"`
	Conf    float64 `json:"cf,omitempty"`
	Text    string  `json:"x,omitempty"` // the sentence around the mention when it lies beyond the record's clipped text
	Start   int     `json:"s"`           // span of the term (opinion when implicit), code points, in Text when set, else in the record's text
	End     int     `json:"e"`
}

type storedVerdict struct {
	Ind   string `json:"i"`
	Dept  string `json:"d,omitempty"`
	Pol   string `json:"o"`
	Point string `json:"p,omitempty"`
}

// Customer reports whether a mention's role is the customer's voice.
func Customer(role string) bool { return role == "" || role == "customer" }

// Ingest counts records by event time and dimensions. The same Record.ID again replaces
// the earlier contribution (never double counts); only customer-voice mentions with a
// graph place count. Records with a bad id or a zero time are listed in Errors and the
// rest go on; the error is for storage failures only. Writes are batched (Options.ChunkSize
// records per Badger transaction); each transaction is atomic.
func (s *Store) Ingest(ctx context.Context, recs []Record) (IngestStats, error) {
	st := IngestStats{Records: len(recs)}
	last := map[string]int{}
	for i := range recs {
		r := &recs[i]
		switch {
		case r.ID == "":
			st.Errors = append(st.Errors, RecordError{Index: i, Err: "empty id"})
			continue
		case len(r.ID) > maxIDLen:
			st.Errors = append(st.Errors, RecordError{Index: i, ID: r.ID[:32] + "…", Err: fmt.Sprintf("id longer than %d bytes", maxIDLen)})
			continue
		case r.Time.IsZero():
			st.Errors = append(st.Errors, RecordError{Index: i, ID: r.ID, Err: "zero event time"})
			continue
		}
		if _, ok := last[r.ID]; ok {
			st.Replaced++
		}
		last[r.ID] = i
	}
	order := make([]int, 0, len(last))
	for _, i := range last {
		order = append(order, i)
	}
	sort.Ints(order)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	for len(order) > 0 {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if s.chunk <= 0 {
			s.chunk = s.opt.ChunkSize
		}
		if s.opt.CheckWrite != nil {
			if err := s.opt.CheckWrite("insights ingest"); err != nil {
				return st, err
			}
		}
		n := min(s.chunk, len(order))
		for {
			cs, err := s.ingestChunk(recs, order[:n])
			if errors.Is(err, badger.ErrTxnTooBig) && n > 1 {
				n /= 2
				s.chunk = n // remembered: a failed attempt costs all its work
				s.tooBig++
				continue
			}
			if n == s.chunk && s.chunk < s.opt.ChunkSize {
				s.chunk = min(s.opt.ChunkSize, s.chunk+max(1, s.chunk/8)) // creep back up
			}
			if err != nil {
				return st, fmt.Errorf("insights ingest: %w", err)
			}
			st.New += cs.New
			st.Replaced += cs.Replaced
			st.Unchanged += cs.Unchanged
			st.Mentions += cs.Mentions
			st.NoIndustry += cs.NoIndustry
			break
		}
		order = order[n:]
	}
	if s.opt.GCBytes > 0 && s.sinceGC >= s.opt.GCBytes {
		s.sinceGC = 0
		// Each call rewrites at most one value-log file whose live share is under half.
		for i := 0; i < 8 && s.db.RunValueLogGC(0.5) == nil; i++ {
		}
	}
	return st, nil
}

// prepare turns a Record into what is stored.
func (s *Store) prepare(r *Record, names map[nameKey]string) storedRecord {
	sr := storedRecord{Industry: r.Industry, Time: r.Time.UnixMilli(), Sentiment: normPol(r.Sentiment)}
	text := []rune(nil)
	sr.Mentions = make([]storedMention, 0, len(r.Mentions))
	for i := range r.Mentions {
		m := &r.Mentions[i]
		if !Customer(m.Role) || m.KG == nil {
			continue
		}
		ind := kgID(m.KG, "indicator")
		if ind == "" {
			continue
		}
		mi := kgID(m.KG, "industry")
		if sr.Industry == "" {
			sr.Industry = mi
		}
		if mi != "" && mi != sr.Industry {
			continue
		}
		pol := normPol(m.Polarity)
		if pol == "" {
			continue
		}
		sm := storedMention{Ind: ind, Asp: kgID(m.KG, "aspect"), Dept: kgID(m.KG, "department"),
			Point: normPoint(m.Point), Pol: pol, Term: m.Term, Opinion: m.Opinion, Conf: m.Confidence}
		if text == nil {
			text = s.runes[:0] // reused: prepare runs under wmu, and keepEvidence copies
			for _, c := range r.Text {
				text = append(text, c)
			}
			s.runes = text
		}
		if m.Start >= 0 && m.End <= len(text) && m.Start <= m.End {
			sm.Start, sm.End = m.Start, m.End
		}
		sr.Mentions = append(sr.Mentions, sm)
		setName(names, sr.Industry, "indicator", sm.Ind, m.KG.Indicator)
		setName(names, sr.Industry, "aspect", sm.Asp, m.KG.Aspect)
		setName(names, sr.Industry, "department", sm.Dept, m.KG.Department)
	}
	if s.opt.TextLimit >= 0 && len(sr.Mentions) > 0 {
		sr.Text = keepEvidence(text, sr.Mentions, s.opt.TextLimit)
	}
	seen := func(id string) bool {
		for _, v := range sr.Verdicts {
			if v.Ind == id {
				return true
			}
		}
		return false
	}
	for _, v := range r.Indicators {
		if v.ID == "" || seen(v.ID) || normPol(v.Polarity) == "" {
			continue
		}
		if len(v.Mentions) > 0 {
			ok := false
			for _, j := range v.Mentions {
				if j >= 0 && j < len(r.Mentions) && Customer(r.Mentions[j].Role) {
					ok = true
				}
			}
			if !ok {
				continue // only other voices spoke of it
			}
		}
		sr.Verdicts = append(sr.Verdicts, storedVerdict{Ind: v.ID, Dept: v.Department, Pol: normPol(v.Polarity), Point: normPoint(v.Point)})
		setName(names, sr.Industry, "indicator", v.ID, v.Name)
	}
	// Indicators the mentions speak of without a verdict get one from their mentions
	// (mention.VerdictOf: the sign of positive − negative; the point of the winning side).
	type agg struct {
		score            int
		dept             string
		pain, pleasure   bool
		itch, anyMention bool
	}
	given := len(sr.Verdicts)
	var derivedBuf [8]agg
	var indsBuf [8]string
	derived, inds := derivedBuf[:0], indsBuf[:0]
	for _, m := range sr.Mentions {
		if given > 0 && seen(m.Ind) {
			continue
		}
		var a *agg
		for k := range inds {
			if inds[k] == m.Ind {
				a = &derived[k]
			}
		}
		if a == nil {
			derived = append(derived, agg{dept: m.Dept})
			inds = append(inds, m.Ind)
			a = &derived[len(derived)-1]
		}
		switch m.Pol {
		case "negative":
			a.score--
		case "positive":
			a.score++
		}
		switch m.Point {
		case "pain":
			a.pain = true
		case "pleasure":
			a.pleasure = true
		case "itch":
			a.itch = true
		}
	}
	for k, id := range inds {
		a := &derived[k]
		v := storedVerdict{Ind: id, Dept: a.dept}
		v.Pol, v.Point = mention.VerdictOf(a.score, a.pain, a.pleasure, a.itch) // the rule is the mention policy's
		sr.Verdicts = append(sr.Verdicts, v)
	}
	return sr
}

// nameKey names one graph node of an industry (kind: indicator, aspect, department).
type nameKey struct{ industry, kind, id string }

func (k nameKey) String() string { return k.industry + "/" + k.kind + "/" + k.id }

func setName(names map[nameKey]string, industry, kind, id, name string) {
	if id != "" && name != "" && name != id {
		names[nameKey{industry, kind, id}] = name
	}
}

// kgID is the id of one node of a mention's graph place ("" when the mapping carries no
// ids: names are not ids, and an unidentified node is not counted).
func kgID(k *mention.KGRef, key string) string { return k.IDs[key] }

func normPol(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "negative", "neg", "负面":
		return "negative"
	case "positive", "pos", "正面":
		return "positive"
	case "neutral", "neu", "中性":
		return "neutral"
	}
	return ""
}

func normPoint(p string) string {
	switch p {
	case "pain", "itch", "pleasure":
		return p
	}
	return ""
}

// snippet clips text to the sentence around [start, end) within limit code points and
// returns the span relative to the snippet.
func snippet(text []rune, start, end, limit int) (string, int, int) {
	if limit < 0 || len(text) == 0 {
		return "", 0, 0
	}
	if start < 0 || end > len(text) || start > end {
		start, end = 0, 0
	}
	if len(text) <= limit {
		return string(text), start, end
	}
	stop := stopRune
	half := (limit - (end - start)) / 2
	if half < 0 {
		half = 0
	}
	lo := start
	for lo > 0 && start-lo < half && !stop(text[lo-1]) {
		lo--
	}
	hi := end
	for hi < len(text) && hi-lo < limit && (hi-end < half || lo == start) && !stop(text[hi]) {
		hi++
	}
	if hi < len(text) && stop(text[hi]) && hi-lo < limit {
		hi++
	}
	if hi-lo > limit {
		hi = lo + limit
	}
	return string(text[lo:hi]), start - lo, min(end, hi) - lo
}

// keepEvidence returns the parts of text that can be evidence: per mention its sentence,
// clipped to limit code points around the mention as snippet clips, overlapping parts
// merged, in text order, joined by '\n' where a part does not end a sentence. The
// mentions' spans are moved into the returned text.
func keepEvidence(text []rune, ms []storedMention, limit int) string {
	type part struct{ lo, hi int }
	var psBuf [8]part
	ps := psBuf[:0]
	for i := range ms {
		m := &ms[i]
		lo, hi := m.Start, m.End
		for lo > 0 && !stopRune(text[lo-1]) {
			lo--
		}
		for hi < len(text) && !stopRune(text[hi]) {
			hi++
		}
		if hi < len(text) {
			hi++ // the sentence's own stop
		}
		if hi-lo > limit {
			str, s, _ := snippet(text[lo:hi], m.Start-lo, m.End-lo, limit)
			lo = m.Start - s
			hi = lo + utf8.RuneCountInString(str)
		}
		ps = append(ps, part{lo, hi})
	}
	for i := 1; i < len(ps); i++ { // insertion sort: a handful of parts
		for j := i; j > 0 && ps[j].lo < ps[j-1].lo; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	merged := ps[:1]
	for _, p := range ps[1:] {
		if q := &merged[len(merged)-1]; p.lo <= q.hi {
			q.hi = max(q.hi, p.hi)
			continue
		}
		merged = append(merged, p)
	}
	if len(merged) == 1 { // one part: no copy of runes
		p := merged[0]
		for i := range ms {
			ms[i].Start -= p.lo
			ms[i].End -= p.lo
		}
		return string(text[p.lo:p.hi])
	}
	out := make([]rune, 0, 64)
	base := make([]int, len(merged)) // where each part starts in out
	for i, p := range merged {
		if i > 0 && len(out) > 0 && !stopRune(out[len(out)-1]) {
			out = append(out, '\n')
		}
		base[i] = len(out)
		out = append(out, text[p.lo:p.hi]...)
	}
	for i := range ms {
		m := &ms[i]
		for j, p := range merged {
			if m.Start >= p.lo && m.End <= p.hi {
				m.Start, m.End = m.Start-p.lo+base[j], m.End-p.lo+base[j]
				break
			}
		}
	}
	return string(out)
}

func stopRune(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '\n', '；', ';':
		return true
	}
	return false
}

// contribution lists the counter entries a record adds, without the day.
func (sr *storedRecord) contribution(es []entry) []entry {
	es = append(es, entry{entryKey{Kind: kindRecord, Pol: polCode(sr.Sentiment)}, 1})
	var deptBuf [8]string
	depts := deptBuf[:0]
	addDept := func(d string) {
		if d == "" {
			return
		}
		for _, x := range depts {
			if x == d {
				return
			}
		}
		depts = append(depts, d)
	}
	for _, v := range sr.Verdicts {
		es = append(es, entry{entryKey{Kind: kindIndRecord, Ind: v.Ind, Dept: v.Dept, Pol: polCode(v.Pol), Point: ptCode(v.Point)}, 1})
		addDept(v.Dept)
	}
	for _, m := range sr.Mentions {
		es = append(es, entry{entryKey{Kind: kindMention, Ind: m.Ind, Asp: m.Asp, Dept: m.Dept, Point: ptCode(m.Point), Pol: polCode(m.Pol)}, 1})
		addDept(m.Dept)
	}
	for _, d := range depts {
		es = append(es, entry{entryKey{Kind: kindDeptRecord, Dept: d}, 1})
	}
	return es
}

type chunkStats struct{ New, Replaced, Unchanged, Mentions, NoIndustry int }

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func (s *Store) ingestChunk(recs []Record, idx []int) (chunkStats, error) {
	var cs chunkStats
	var pending pendingCombos
	names := map[nameKey]string{}
	deltas := newDeltaSet()
	rollups := map[uint32][]uint32{} // full combination → the combinations it counts in
	var ks []dkey
	var arena []byte
	var es []entry
	var kids []int32
	var recBytes int64
	var dc dayCache
	add := func(sr *storedRecord, sign int64) {
		dd := dc.get(sr.Time, s.opt.Location)
		ids, ok := rollups[sr.Combo]
		if !ok {
			s.mu.RLock()
			ids, ok = s.rollupCache[sr.Combo]
			s.mu.RUnlock()
		}
		if !ok {
			c := s.combo(sr.Combo, &pending)
			if c == nil {
				return
			}
			ids = s.rollupIDs(sr.Industry, c.Dims, &pending)
			rollups[sr.Combo] = ids
		}
		ks, kids = ks[:0], kids[:0]
		es = sr.contribution(es[:0])
		for _, e := range es {
			k := deltas.key(&e.entryKey)
			ks = append(ks, k)
			kids = append(kids, deltas.kid(k))
		}
		for i, id := range ids {
			if i == 0 { // the full combination: by week, entries by day of the week
				deltas.add(blobID{id, dd.week}, dd.off, ks, sign)
				continue
			}
			deltas.addDense(blobID{id, dd.ymd}, dd.mday, kids, sign)
		}
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, i := range idx {
			r := &recs[i]
			sr := s.prepare(r, names)
			if sr.Industry == "" {
				cs.NoIndustry++
				continue
			}
			d := r.Dims
			d.Tags = normTags(d.Tags)
			sr.Combo = s.comboID(comboRec{Industry: sr.Industry, Full: true, Dims: d}, &pending)
			// Keys and values of the transaction are carved from one buffer (Badger keeps
			// them until the commit): four allocations fewer per record.
			if cap(arena)-len(arena) < 4096 {
				arena = make([]byte, 0, 1<<20)
			}
			a := encodeRecord(arena, &sr)
			val := a[len(arena):len(a):len(a)]
			a = append(a, kRecord...)
			a = append(a, r.ID...)
			rk := a[len(arena)+len(val) : len(a) : len(a)]
			arena = a
			var old *storedRecord
			item, err := txn.Get(rk)
			switch {
			case err == nil:
				var same bool
				var o storedRecord
				if err := item.Value(func(v []byte) error {
					if bytes.Equal(v, val) {
						same = true
						return nil
					}
					return decodeRecord(v, &o, nil)
				}); err != nil {
					return fmt.Errorf("record %q: %w", r.ID, err)
				}
				if same {
					cs.Unchanged++
					continue
				}
				old = &o
			case !errors.Is(err, badger.ErrKeyNotFound):
				return err
			}
			if old != nil {
				cs.Replaced++
				add(old, -1)
				if err := txn.Delete(indexKey(old, r.ID, dc.get(old.Time, s.opt.Location).ymd)); err != nil {
					return err
				}
			} else {
				cs.New++
			}
			add(&sr, 1)
			cs.Mentions += len(sr.Mentions)
			if err := txn.Set(rk, val); err != nil {
				return err
			}
			n := len(arena)
			arena = appendIndexKey(arena, &sr, r.ID, dc.get(sr.Time, s.opt.Location).ymd)
			ik := arena[n:len(arena):len(arena)]
			n = len(arena)
			arena = appendDriverRow(arena, &sr)
			row := arena[n:len(arena):len(arena)]
			if err := txn.Set(ik, row); err != nil {
				return err
			}
			recBytes += int64(len(rk) + len(val) + len(ik) + len(row))
		}
		if err := deltas.write(txn); err != nil {
			return err
		}
		base := uint32(len(s.combos)) // stable: combos only grow under wmu
		for j, c := range pending.list {
			v, _ := json.Marshal(c)
			if err := txn.Set(comboKey(base+uint32(j)), v); err != nil {
				return err
			}
		}
		for k, v := range names {
			s.mu.RLock()
			have := s.names[k]
			s.mu.RUnlock()
			if have == v {
				delete(names, k)
				continue
			}
			if err := txn.Set(append([]byte(kName), k.String()...), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return chunkStats{}, err
	}
	s.sinceGC += deltas.written
	s.stats.txns++
	s.stats.blobs += len(deltas.blobs) + len(deltas.dense)
	s.stats.blobBytes += deltas.written
	s.stats.recordBytes += recBytes
	s.publish(&pending, names)
	s.mu.Lock()
	for id, ids := range rollups {
		s.rollupCache[id] = ids
	}
	s.mu.Unlock()
	return cs, nil
}

// indexKey is t/<industry>/<yyyymmdd>/<u32 combo><id>; ymd is the record's day.
func indexKey(sr *storedRecord, id string, ymd uint32) []byte {
	return appendIndexKey(make([]byte, 0, len(kIndex)+len(sr.Industry)+10+4+len(id)), sr, id, ymd)
}

func appendIndexKey(k []byte, sr *storedRecord, id string, ymd uint32) []byte {
	k = append(k, kIndex...)
	k = append(k, sr.Industry...)
	k = append(k, '/')
	for p := uint32(10000000); p > 1 && ymd < p; p /= 10 { // as time.Format("20060102") pads
		k = append(k, '0')
	}
	k = strconv.AppendUint(k, uint64(ymd), 10)
	k = append(k, '/')
	k = binary.BigEndian.AppendUint32(k, sr.Combo)
	return append(k, id...)
}

// dayCache remembers the calendar facts of the last day seen (records mostly come in
// time order, and time.Date is not free).
type dayCache struct {
	lo, hi int64 // unix ms: [start of the day, start of the next)
	dayFacts
}

type dayFacts struct {
	ymd  uint32 // yyyymmdd
	mday uint8  // day of the month
	week uint32 // the week's Monday as yyyymmdd
	off  uint8  // day of the week, 0 = Monday
}

func (c *dayCache) get(ms int64, loc *time.Location) dayFacts {
	if ms >= c.lo && ms < c.hi {
		return c.dayFacts
	}
	t := time.UnixMilli(ms).In(loc)
	ds := dayStart(t)
	y, mo, d := t.Date()
	week, off := weekBucket(t)
	c.lo, c.hi = ds.UnixMilli(), ds.AddDate(0, 0, 1).UnixMilli()
	c.dayFacts = dayFacts{ymd: uint32(y*10000 + int(mo)*100 + d), mday: uint8(d), week: week, off: off}
	return c.dayFacts
}

// appendDriverRow appends the index value: record sentiment code, unix ms, then per verdict
// the polarity code and the indicator id (uvarint length).
func appendDriverRow(b []byte, sr *storedRecord) []byte {
	b = append(b, polCode(sr.Sentiment))
	b = binary.AppendVarint(b, sr.Time)
	for _, v := range sr.Verdicts {
		b = append(b, polCode(v.Pol))
		b = binary.AppendUvarint(b, uint64(len(v.Ind)))
		b = append(b, v.Ind...)
	}
	return b
}

type driverVerdict struct {
	ind string
	pol uint8
}

func parseDriverRow(b []byte, intern interner) (sent uint8, ms int64, vs []driverVerdict, err error) {
	if len(b) < 2 {
		return 0, 0, nil, errBlob
	}
	sent = b[0]
	ms, k := binary.Varint(b[1:])
	if k <= 0 {
		return 0, 0, nil, errBlob
	}
	b = b[1+k:]
	for len(b) > 0 {
		p := b[0]
		l, k := binary.Uvarint(b[1:])
		if k <= 0 || uint64(len(b)-1-k) < l {
			return 0, 0, nil, errBlob
		}
		vs = append(vs, driverVerdict{intern.get(b[1+k : 1+k+int(l)]), p})
		b = b[1+k+int(l):]
	}
	return sent, ms, vs, nil
}

// weekBucket is the full-combination bucket of t: its week's Monday as yyyymmdd, and t's
// day offset in that week (0 = Monday).
func weekBucket(t time.Time) (uint32, uint8) {
	ws := weekStart(t)
	y, m, d := ws.Date()
	off := int(dayStart(t).Sub(ws).Hours()/24 + 0.5)
	return uint32(y*10000 + int(m)*100 + d), uint8(off)
}
