package insights

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// The kg store's day counters before insights (knowledge-graph/counters.go):
// n/<industry>/<yyyymmdd>/<indicator>/<aspect>/<point|none>/<polarity> → uint64 BE.
const (
	oldCounterPrefix = "n/"
	migrationMarker  = kMeta + "migrated/kg-counters-v1"
	migrateChunk     = 1000
)

type migrationState struct {
	Done     bool      `json:"done"`
	Last     string    `json:"last,omitempty"` // last old key migrated (resume point)
	Counters int       `json:"counters"`       // old counters migrated
	Mentions int64     `json:"mentions"`       // mentions they held
	At       time.Time `json:"at"`
}

// MigrationState reports the one-time kg counter migration (false when it never ran).
func (s *Store) MigrationState() (done bool, counters int, mentions int64, err error) {
	var st migrationState
	err = s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(migrationMarker))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &st) })
	})
	return st.Done, st.Counters, st.Mentions, err
}

// migrateKG moves the old kg day counters into the industry-total and the no-dimension
// full combination of each industry (they were kept without dimensions or record counts),
// once: each transaction migrates up to migrateChunk old counters and advances the marker
// with them, so an interrupted migration resumes where it stopped and never counts twice.
// The old keys stay (read-only history for kg until it drops them).
func (s *Store) migrateKG(ctx context.Context) (int, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	total := 0
	for {
		var st migrationState
		var batch []oldCounter
		err := s.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get([]byte(migrationMarker))
			switch {
			case err == nil:
				if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &st) }); err != nil {
					return fmt.Errorf("migration marker: %w", err)
				}
			case !errors.Is(err, badger.ErrKeyNotFound):
				return err
			}
			if st.Done {
				return nil
			}
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(oldCounterPrefix), PrefetchValues: true, PrefetchSize: 256})
			defer it.Close()
			it.Seek([]byte(oldCounterPrefix + st.Last))
			for ; it.Valid() && len(batch) < migrateChunk; it.Next() {
				k := string(it.Item().Key())
				rest := strings.TrimPrefix(k, oldCounterPrefix)
				if rest <= st.Last && st.Last != "" {
					continue
				}
				var v []byte
				v, err := it.Item().ValueCopy(nil)
				if err != nil {
					return err
				}
				oc := oldCounter{key: rest}
				parts := strings.Split(rest, "/")
				if len(parts) == 6 && len(v) == 8 {
					oc.ok = true
					oc.industry, oc.day, oc.ind, oc.asp, oc.point, oc.pol = parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]
					oc.n = int64(binary.BigEndian.Uint64(v))
				}
				batch = append(batch, oc)
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("migrate kg counters: %w", err)
		}
		if st.Done {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
		var pending pendingCombos
		deltas := newDeltaSet()
		for _, oc := range batch {
			st.Last = oc.key
			if !oc.ok || oc.n <= 0 {
				continue
			}
			t, err := time.ParseInLocation("20060102", oc.day, s.opt.Location)
			if err != nil {
				continue
			}
			dept := ""
			if s.opt.DepartmentOf != nil {
				dept = s.opt.DepartmentOf(oc.industry, oc.ind)
			}
			pt := oc.point
			if pt == "none" {
				pt = ""
			}
			e := deltas.key(&entryKey{Kind: kindMention, Ind: oc.ind, Asp: oc.asp, Dept: dept, Point: ptCode(pt), Pol: polCode(oc.pol)})
			y, mo, d := t.Date()
			week, off := weekBucket(t)
			deltas.add(blobID{s.comboID(comboRec{Industry: oc.industry, Full: true}, &pending), week}, off, []dkey{e}, oc.n)
			deltas.add(blobID{s.comboID(comboRec{Industry: oc.industry}, &pending), uint32(y*10000 + int(mo)*100 + d)}, uint8(d), []dkey{e}, oc.n)
			st.Counters++
			st.Mentions += oc.n
			total++
		}
		st.Done = len(batch) < migrateChunk
		st.At = time.Now().UTC()
		if s.opt.CheckWrite != nil {
			if err := s.opt.CheckWrite("insights migration"); err != nil {
				return total, err
			}
		}
		err = s.db.Update(func(txn *badger.Txn) error {
			if err := deltas.write(txn); err != nil {
				return err
			}
			base := uint32(len(s.combos))
			for j, c := range pending.list {
				v, _ := json.Marshal(c)
				if err := txn.Set(comboKey(base+uint32(j)), v); err != nil {
					return err
				}
			}
			v, _ := json.Marshal(st)
			return txn.Set([]byte(migrationMarker), v)
		})
		if err != nil {
			return total, fmt.Errorf("migrate kg counters: %w", err)
		}
		s.publish(&pending, nil)
		if st.Done {
			return total, nil
		}
	}
}

type oldCounter struct {
	key                                 string
	ok                                  bool
	industry, day, ind, asp, point, pol string
	n                                   int64
}
