package insights

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestRecordCodec(t *testing.T) {
	f := func(sr storedRecord) {
		t.Helper()
		b := encodeRecord(nil, &sr)
		var got storedRecord
		if err := decodeRecord(b, &got, interner{}); err != nil {
			t.Fatalf("decode %+v: %v", sr, err)
		}
		if !reflect.DeepEqual(got, sr) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, sr)
		}
		// The JSON of format version 1 still reads the same.
		j, err := json.Marshal(&sr)
		if err != nil {
			t.Fatal(err)
		}
		got = storedRecord{}
		if err := decodeRecord(j, &got, nil); err != nil || !reflect.DeepEqual(got, sr) {
			t.Fatalf("v1 JSON: %v\n got %+v\nwant %+v", err, got, sr)
		}
		// Every strict prefix is rejected, never misread.
		for i := 0; i < len(b); i++ {
			if err := decodeRecord(b[:i], &got, nil); err == nil {
				t.Fatalf("prefix %d of %d bytes decoded without error", i, len(b))
			}
		}
	}
	f(storedRecord{Industry: "ecommerce", Time: 1764547200000, Combo: 7})
	f(storedRecord{Industry: "ecommerce", Time: -5, Combo: 1 << 31, Sentiment: "negative", Text: "快递太慢了，客服态度还行。",
		Mentions: []storedMention{
			{Ind: "ECOM-LOG-01", Asp: "asp-speed", Dept: "logistics", Point: "pain", Pol: "negative", Term: "快递", Opinion: "太慢", Conf: 0.8734, Start: 0, End: 2},
			{Ind: "ECOM-SVC-02", Dept: "service", Pol: "positive", Term: "客服", Opinion: "还行", Conf: 1, Text: "客服态度还行。", Start: 0, End: 2},
		},
		Verdicts: []storedVerdict{{Ind: "ECOM-LOG-01", Dept: "logistics", Pol: "negative", Point: "pain"}, {Ind: "ECOM-SVC-02", Dept: "service", Pol: "neutral"}}})
	f(storedRecord{Industry: "银行", Time: 1, Sentiment: "positive", Verdicts: []storedVerdict{{Ind: "网点服务", Pol: "positive", Point: "pleasure"}}})
}

func FuzzDecodeRecord(f *testing.F) {
	f.Add(encodeRecord(nil, &storedRecord{Industry: "ecommerce", Time: 1764547200000, Text: "物流很快",
		Mentions: []storedMention{{Ind: "i1", Pol: "positive", Point: "pleasure", Term: "物流", Opinion: "很快", End: 2}},
		Verdicts: []storedVerdict{{Ind: "i1", Pol: "positive"}}}))
	f.Add([]byte(`{"i":"ecommerce","t":1,"c":2}`))
	f.Add([]byte{recordV2, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		var sr storedRecord
		if err := decodeRecord(b, &sr, interner{}); err != nil || len(b) == 0 || b[0] != recordV2 {
			return
		}
		// Whatever decodes re-encodes to a record that decodes the same.
		// (compared as bytes: a NaN confidence is not equal to itself).
		b1 := encodeRecord(nil, &sr)
		var again storedRecord
		if err := decodeRecord(b1, &again, nil); err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		if b2 := encodeRecord(nil, &again); string(b2) != string(b1) {
			t.Fatalf("re-encode differs:\n%x\n%x", b1, b2)
		}
	})
}

func TestKeepEvidence(t *testing.T) {
	// f: text, mention spans (term in text), limit → kept text, and each mention's term
	// must sit at its moved span.
	f := func(text string, spans [][2]int, limit int, want string) {
		t.Helper()
		rs := []rune(text)
		ms := make([]storedMention, len(spans))
		for i, sp := range spans {
			ms[i] = storedMention{Start: sp[0], End: sp[1], Term: string(rs[sp[0]:sp[1]])}
		}
		got := keepEvidence(rs, ms, limit)
		if got != want {
			t.Fatalf("keepEvidence(%q, %v, %d) = %q, want %q", text, spans, limit, got, want)
		}
		g := []rune(got)
		for _, m := range ms {
			if m.End > len(g) || string(g[m.Start:m.End]) != m.Term {
				t.Fatalf("%q: span %d..%d is not %q", got, m.Start, m.End, m.Term)
			}
		}
	}
	f("快递太慢了", [][2]int{{0, 2}}, 120, "快递太慢了")
	f("包装不错。快递太慢了！客服还行", [][2]int{{5, 7}}, 120, "快递太慢了！")
	f("包装不错。快递太慢了！客服还行", [][2]int{{12, 14}, {0, 2}}, 120, "包装不错。客服还行")
	f("包装不错，快递也快。价格一般。客服还行", [][2]int{{0, 2}, {5, 7}}, 120, "包装不错，快递也快。")
	f("这个手机的屏幕非常清晰而且电池也很耐用真的很满意", [][2]int{{5, 7}}, 6, "机的屏幕非常")
	f("这个手机的屏幕非常清晰而且电池也很耐用真的很满意。物流很快", [][2]int{{5, 7}, {26, 28}}, 6, "机的屏幕非常\n物流很快")
}

func TestIndexKeyDay(t *testing.T) {
	// The day in t/ keys reads as time.Format("20060102") of the record's local day.
	f := func(ts time.Time) {
		t.Helper()
		var dc dayCache
		sr := storedRecord{Industry: "ecommerce", Time: ts.UnixMilli(), Combo: 3}
		first := dc.get(sr.Time, cst)
		got := string(indexKey(&sr, "r1", first.ymd))
		want := kIndex + "ecommerce/" + ts.In(cst).Format("20060102") + "/\x00\x00\x00\x03r1"
		if got != want {
			t.Fatalf("%v: %q, want %q", ts, got, want)
		}
		// The cache answers the same for a later time of that day and for the next day.
		if a, b := dc.get(sr.Time+1, cst), dc.get(sr.Time+24*3600*1000, cst); a != first || b.ymd == a.ymd {
			t.Fatalf("cache: %+v %+v", a, b)
		}
	}
	f(time.Date(2026, 11, 3, 23, 59, 0, 0, cst))
	f(time.Date(2026, 11, 3, 16, 0, 0, 0, time.UTC)) // 00:00 the next day in CST
	f(time.Date(999, 1, 2, 3, 0, 0, 0, cst))
	f(time.Date(2026, 12, 31, 0, 0, 0, 0, cst))
}
