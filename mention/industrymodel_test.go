package mention

import (
	"bytes"
	"compress/gzip"
	"math"
	"testing"
)

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ParseIndustryModel: well-formed files load; each malformed one is an error naming its line.
func TestParseIndustryModel(t *testing.T) {
	f := func(file string, ok bool) {
		t.Helper()
		_, err := ParseIndustryModel(bytes.NewReader(gz(t, file)))
		if (err == nil) != ok {
			t.Errorf("ParseIndustryModel(%q): err %v, want ok %v", file, err, ok)
		}
	}
	f("# orders 1,2 max_runes 8\nclasses\ta\tb\nbias\t0\t1\n好\t1\t-1\n", true)
	f("classes\ta\tb\nbias\t0\t1\n", true)
	f("bias\t0\t1\nclasses\ta\tb\n", false)           // classes first
	f("classes\ta\tb\n好\t1\t-1\n", false)             // no bias
	f("classes\ta\tb\nbias\t0\t1\n好\t1\n", false)     // too few weights
	f("classes\ta\tb\nbias\t0\tx\n", false)           // not a number
	f("classes\ta\tb\nbias\t0\tNaN\n", false)         // not finite
	f("# orders 0\nclasses\ta\nbias\t0\n", false)     // bad order
	f("# max_runes -3\nclasses\ta\nbias\t0\n", false) // bad max_runes
	f("", false)
	f("classes\ta\nbias\t0\n好吃好吃\t1\n", false)      // grams are 1..3 runes
	f("# orders 1,4\nclasses\ta\nbias\t0\n", false) // orders up to 3
	if _, err := ParseIndustryModel(bytes.NewReader([]byte("not gzip"))); err == nil {
		t.Error("ParseIndustryModel(not gzip): no error")
	}
}

// Logits: bias + (1/N) Σ w over the N gram positions of the normalised text (NFKC, lower
// case, letters/numbers/marks only); unknown grams count in N.
func TestIndustryModelLogits(t *testing.T) {
	m, err := ParseIndustryModel(bytes.NewReader(gz(t, "# orders 1,2 max_runes 4\nclasses\ta\tb\nbias\t0.5\t0\n好\t3\t0\n好吃\t0\t6\nab\t1\t1\n")))
	if err != nil {
		t.Fatal(err)
	}
	f := func(text string, a, b float64) {
		t.Helper()
		z := m.Logits(text, nil)
		if math.Abs(z[0]-a) > 1e-6 || math.Abs(z[1]-b) > 1e-6 {
			t.Errorf("Logits(%q) = %v, want [%g %g]", text, z, a, b)
		}
	}
	f("好吃", 0.5+3.0/3, 6.0/3)      // grams 好 吃 好吃
	f("好，吃！", 0.5+3.0/3, 6.0/3)    // punctuation dropped
	f("ＡＢ", 0.5+1.0/3, 1.0/3)      // NFKC + lower case: ab
	f("", 0.5, 0)                  // no grams: the bias
	f("好吃好吃好吃", 0.5+6.0/7, 12.0/7) // max_runes 4: 好吃好吃, 7 grams
}

// The embedded model loads and knows the five industries with real training text.
func TestDefaultIndustryModel(t *testing.T) {
	m := DefaultIndustryModel()
	if m == nil {
		t.Fatal("embedded industry model does not load")
	}
	want := []string{"automotive", "banking", "ecommerce", "food_delivery", "hotel_travel"}
	if got := m.Classes(); len(got) != len(want) {
		t.Fatalf("classes %v, want %v", got, want)
	}
	for i, c := range want {
		if m.Classes()[i] != c {
			t.Errorf("class %d = %s, want %s", i, m.Classes()[i], c)
		}
	}
}

func FuzzParseIndustryModel(f *testing.F) {
	f.Add([]byte("# orders 1,2 max_runes 8\nclasses\ta\tb\nbias\t0\t1\n好\t1\t-1\n"))
	f.Add([]byte("classes\ta\nbias\t0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseIndustryModel(bytes.NewReader(gz(t, string(b))))
		if err != nil {
			return
		}
		z := m.Logits("外卖送得很快，味道不错", nil)
		if len(z) != len(m.Classes()) {
			t.Fatalf("%d logits for %d classes", len(z), len(m.Classes()))
		}
	})
}

// BenchmarkIndustry: Policy.Industry per record, with the model (default) and keywords
// alone (the session-8 rule), on a 60-character review; model+cut reads the keyword
// evidence on the test jieba's word boundaries, as analyze does (Policy.IndustryCut).
func BenchmarkIndustry(b *testing.B) {
	text := "耳机音质不错，低音很足，就是戴久了耳朵疼。物流很快，包装完好，客服态度也好，下次还会再来买的。"
	for _, v := range []struct {
		name  string
		model *IndustryModel
		cut   bool
	}{{"model", DefaultIndustryModel(), false}, {"keywords", nil, false}, {"model+cut", DefaultIndustryModel(), true}} {
		p := DefaultPolicy()
		p.IndustryModel = v.model
		if v.cut { // as analyze reads it: pack words only where they stand as jieba words
			p.IndustryCut = testSeg.Cut
		}
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				p.Industry(testGraph, text)
			}
		})
	}
}

// BenchmarkParseIndustryModel: loading the embedded model (once per process).
func BenchmarkParseIndustryModel(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ParseIndustryModel(bytes.NewReader(industryModelGz)); err != nil {
			b.Fatal(err)
		}
	}
}
