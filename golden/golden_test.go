package golden

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
)

// update regenerates the golden files from what the code gives now. Only for an intentional
// behaviour change, in the same commit, which says so (DEVELOPERS.md).
var update = flag.Bool("update", false, "rewrite testdata/*.golden and *.sample.jsonl from the current outputs")

const (
	chunk   = 64 // reviews per Engine.Analyze call, fixed: batching is part of the input
	hashHex = 16 // hex digits of SHA-256 kept per record
)

// canonical is v's JSON with every non-integral number rounded to 1 decimal, and object keys
// sorted. ORT's float32 sums differ in the last bits between CPUs (MLAS picks AVX2 or AVX-512
// kernels): with about 40,000 scores in the reviews' outputs, a 1e-7 difference would cross a
// 4-decimal rounding boundary in some of them on another machine, but almost never a 1-decimal
// one. Labels, spans, terms, indicators and points are compared exactly; a score change that
// matters moves them or the first decimal.
func canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(round(tree)); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func round(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = round(e)
		}
	case []any:
		for i, e := range x {
			x[i] = round(e)
		}
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			return x
		}
		f, err := x.Float64()
		if err != nil {
			return x
		}
		r := math.Round(f*10) / 10
		if r == 0 {
			r = 0 // no -0
		}
		return json.Number(strconv.FormatFloat(r, 'f', -1, 64))
	}
	return v
}

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])[:hashHex]
}

// output is one record's id and canonical JSON.
type output struct {
	id   string
	json []byte
}

// TestGolden: every review's Engine.Analyze result and every chat's call analysis hash to
// what testdata/*.golden holds.
func TestGolden(t *testing.T) {
	ctx := context.Background()
	e, err := engine.New(ctx, engine.Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1})
	if err != nil {
		t.Skipf("no engine (ONNX Runtime or models missing; run `make deps` and set TINGZHEN_ORT_LIB): %v", err)
	}
	defer e.Close()

	t.Run("reviews", func(t *testing.T) {
		revs := readReviews(t)
		if len(revs) != 2*reviewsEach {
			t.Fatalf("%d reviews in testdata, want %d", len(revs), 2*reviewsEach)
		}
		var outs []output
		for i := 0; i < len(revs); i += chunk {
			part := revs[i:min(i+chunk, len(revs))]
			in := make([]engine.Input, len(part))
			for j, r := range part {
				in[j] = engine.Input{ID: r.ID, Text: r.Text}
			}
			res, err := e.Analyze(ctx, in)
			if err != nil {
				t.Fatalf("analyze reviews %d..: %v", i, err)
			}
			for j, r := range res {
				b, err := canonical(r)
				if err != nil {
					t.Fatal(err)
				}
				outs = append(outs, output{part[j].ID, b})
			}
		}
		compare(t, "reviews", outs, 25)
	})

	t.Run("chats", func(t *testing.T) {
		f, err := os.Open(filepath.Join("testdata", "chats.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		chats, err := calls.Parse(f, calls.FormatJDDC)
		if err != nil {
			t.Fatal(err)
		}
		if len(chats) != chatCount {
			t.Fatalf("%d chats in testdata, want %d", len(chats), chatCount)
		}
		a, err := calls.NewAnalyzer(e, calls.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		var outs []output
		for _, c := range chats {
			res, err := a.Analyze(ctx, c)
			if err != nil {
				t.Fatalf("analyze chat %s: %v", c.ID, err)
			}
			b, err := canonical(res)
			if err != nil {
				t.Fatal(err)
			}
			outs = append(outs, output{c.ID, b})
		}
		compare(t, "chats", outs, 3)
	})
}

func readReviews(t *testing.T) []review {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "reviews.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var revs []review
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var r review
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("reviews.jsonl line %d: %v", len(revs)+1, err)
		}
		revs = append(revs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return revs
}

// compare checks outs against testdata/<name>.golden (id TAB hash per line) or, with
// -update, rewrites it and testdata/<name>.sample.jsonl (the first nSample records in
// full, for readable diffs).
func compare(t *testing.T, name string, outs []output, nSample int) {
	t.Helper()
	goldenPath := filepath.Join("testdata", name+".golden")
	samplePath := filepath.Join("testdata", name+".sample.jsonl")
	if *update {
		var g, s bytes.Buffer
		for i, o := range outs {
			fmt.Fprintf(&g, "%s\t%s\n", o.id, hashOf(o.json))
			if i < nSample {
				s.Write(o.json)
				s.WriteByte('\n')
			}
		}
		if err := os.WriteFile(goldenPath, g.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(samplePath, s.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d records) and %s", goldenPath, len(outs), samplePath)
		return
	}
	data, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (generate with `go test ./golden -update`)", err)
	}
	want := map[string]string{}
	var order []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		id, h, ok := strings.Cut(l, "\t")
		if !ok {
			t.Fatalf("%s: bad line %q", goldenPath, l)
		}
		want[id] = h
		order = append(order, id)
	}
	sample := map[string]string{}
	if sd, err := os.ReadFile(samplePath); err == nil {
		for _, l := range strings.Split(strings.TrimSpace(string(sd)), "\n") {
			var v struct{ ID string }
			if json.Unmarshal([]byte(l), &v) == nil {
				sample[v.ID] = l
			}
		}
	}
	if len(outs) != len(order) {
		t.Errorf("%s: %d records, golden has %d", name, len(outs), len(order))
	}
	bad := 0
	for _, o := range outs {
		h, ok := want[o.id]
		switch {
		case !ok:
			t.Errorf("%s: record %s is not in the golden file", name, o.id)
		case h != hashOf(o.json):
			bad++
			if bad <= 3 {
				msg := fmt.Sprintf("%s: record %s changed:\n got: %s", name, o.id, o.json)
				if s, ok := sample[o.id]; ok {
					msg += "\nwant: " + s
				}
				t.Error(msg)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d records differ from %s; if the change is intended, run `go test ./golden -update` and say so in the commit (DEVELOPERS.md)", name, bad, len(outs), goldenPath)
	}
}
