package aspect_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/model"
	"github.com/tingzhen/tingzhen/model/aspect"
	"github.com/tingzhen/tingzhen/testfixture"
)

const modelDir = "../../models/aspect-zh"

type refTensor struct {
	Shape []int64   `json:"shape"`
	Data  []float32 `json:"data"`
}

type refTriplet struct {
	AspectStart  int     `json:"aspect_start"`
	AspectEnd    int     `json:"aspect_end"`
	OpinionStart int     `json:"opinion_start"`
	OpinionEnd   int     `json:"opinion_end"`
	Polarity     string  `json:"polarity"`
	Score        float64 `json:"score"`
	Aspect       string  `json:"aspect"`
	Opinion      string  `json:"opinion"`
}

type refRecord struct {
	Text          string               `json:"text"`
	InputIDs      []int64              `json:"input_ids"`
	AttentionMask []int64              `json:"attention_mask"`
	SeqLen        int                  `json:"seq_len"`
	Outputs       map[string]refTensor `json:"outputs"`
	Triplets      []refTriplet         `json:"triplets"`
}

func loadDecoder(t testing.TB) *aspect.Decoder {
	t.Helper()
	card, err := model.LoadCard(modelDir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := aspect.NewDecoder(card.Name, card.Decoding)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func loadReference(t testing.TB) []refRecord {
	t.Helper()
	recs := testfixture.ReadJSONL[refRecord](t, filepath.Join(modelDir, "reference.jsonl"))
	if len(recs) == 0 {
		t.Fatal("empty reference.jsonl")
	}
	return recs
}

// batchOf stacks reference records (all padded to the same length) into one batch.
func batchOf(recs []refRecord) (map[string][]float32, map[string][]int64, []int) {
	outs := map[string][]float32{}
	shapes := map[string][]int64{}
	var lens []int
	for _, r := range recs {
		for name, tns := range r.Outputs {
			outs[name] = append(outs[name], tns.Data...)
			shapes[name] = append([]int64{int64(len(recs))}, tns.Shape...)
		}
		lens = append(lens, r.SeqLen)
	}
	return outs, shapes, lens
}

// cropped returns record r's outputs cut to its real length, as a batch of one.
func cropped(r refRecord) (map[string][]float32, map[string][]int64) {
	n := r.SeqLen
	outs := map[string][]float32{}
	shapes := map[string][]int64{}
	for name, tns := range r.Outputs {
		L := int(tns.Shape[0])
		c := int(tns.Shape[len(tns.Shape)-1])
		var data []float32
		if len(tns.Shape) == 2 {
			data = append(data, tns.Data[:n*c]...)
			shapes[name] = []int64{1, int64(n), int64(c)}
		} else {
			for i := 0; i < n; i++ {
				data = append(data, tns.Data[i*L*c:i*L*c+n*c]...)
			}
			shapes[name] = []int64{1, int64(n), int64(n), int64(c)}
		}
		outs[name] = data
	}
	return outs, shapes
}

func loadVocab(t testing.TB) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(modelDir, "vocab.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

func spanText(vocab []string, ids []int64, s, e int) string {
	if s < 0 {
		return ""
	}
	var b strings.Builder
	for _, id := range ids[s:e] {
		b.WriteString(strings.TrimPrefix(vocab[id], "##"))
	}
	return b.String()
}

func sameTriplets(t *testing.T, text string, got []aspect.Triplet, want []refTriplet) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d triplets %+v, want %d %+v", text, len(got), got, len(want), want)
	}
	for i, w := range want {
		g := got[i]
		if g.AspectStart != w.AspectStart || g.AspectEnd != w.AspectEnd || g.OpinionStart != w.OpinionStart ||
			g.OpinionEnd != w.OpinionEnd || g.Polarity != w.Polarity || math.Abs(g.Score-w.Score) > 1e-6 {
			t.Errorf("%s: triplet %d = %+v, want %+v", text, i, g, w)
		}
	}
}

func TestDecodeReferenceBatch(t *testing.T) {
	d := loadDecoder(t)
	recs := loadReference(t)
	outs, shapes, lens := batchOf(recs)
	got, err := d.Decode(outs, shapes, lens)
	if err != nil {
		t.Fatal(err)
	}
	vocab := loadVocab(t)
	total := 0
	for i, r := range recs {
		t.Run(r.Text, func(t *testing.T) {
			sameTriplets(t, r.Text, got[i], r.Triplets)
			for k, tr := range got[i] {
				if k >= len(r.Triplets) {
					break
				}
				if a := spanText(vocab, r.InputIDs, tr.AspectStart, tr.AspectEnd); a != r.Triplets[k].Aspect {
					t.Errorf("aspect text %q, want %q", a, r.Triplets[k].Aspect)
				}
				if o := spanText(vocab, r.InputIDs, tr.OpinionStart, tr.OpinionEnd); o != r.Triplets[k].Opinion {
					t.Errorf("opinion text %q, want %q", o, r.Triplets[k].Opinion)
				}
			}
		})
		total += len(got[i])
	}
	if total == 0 {
		t.Error("reference batch decoded to no triplets at all")
	}
}

// Padding must not matter: each sentence cut to its own length decodes the same.
func TestDecodeCroppedEqualsPadded(t *testing.T) {
	d := loadDecoder(t)
	for _, r := range loadReference(t) {
		t.Run(r.Text, func(t *testing.T) {
			outs, shapes := cropped(r)
			got, err := d.Decode(outs, shapes, []int{r.SeqLen})
			if err != nil {
				t.Fatal(err)
			}
			sameTriplets(t, r.Text, got[0], r.Triplets)
		})
	}
}

func TestDecodeMalformed(t *testing.T) {
	d := loadDecoder(t)
	recs := loadReference(t)[:2]
	good, goodShapes, lens := batchOf(recs)
	clone := func() (map[string][]float32, map[string][]int64) {
		o := map[string][]float32{}
		s := map[string][]int64{}
		for k, v := range good {
			o[k] = v
		}
		for k, v := range goodShapes {
			s[k] = append([]int64(nil), v...)
		}
		return o, s
	}
	cases := []struct {
		name   string
		mutate func(o map[string][]float32, s map[string][]int64) []int
	}{
		{"missing pair output", func(o map[string][]float32, s map[string][]int64) []int { delete(o, "pair_probs"); return lens }},
		{"missing shape", func(o map[string][]float32, s map[string][]int64) []int { delete(s, "aspect_probs"); return lens }},
		{"wrong rank", func(o map[string][]float32, s map[string][]int64) []int {
			s["pair_probs"] = s["pair_probs"][:3]
			return lens
		}},
		{"short data", func(o map[string][]float32, s map[string][]int64) []int {
			o["opinion_probs"] = o["opinion_probs"][:5]
			return lens
		}},
		{"negative dim", func(o map[string][]float32, s map[string][]int64) []int {
			s["aspect_probs"][1] = -s["aspect_probs"][1]
			return lens
		}},
		{"tag axis not 3", func(o map[string][]float32, s map[string][]int64) []int {
			s["aspect_probs"] = []int64{s["aspect_probs"][0], s["aspect_probs"][1] * 3, 1}
			return lens
		}},
		{"pair seq mismatch", func(o map[string][]float32, s map[string][]int64) []int {
			p := s["pair_probs"]
			s["pair_probs"] = []int64{p[0], p[1] * p[2], 1, p[3]}
			return lens
		}},
		{"too few lengths", func(o map[string][]float32, s map[string][]int64) []int { return lens[:1] }},
		{"length beyond seq", func(o map[string][]float32, s map[string][]int64) []int {
			return []int{lens[0], int(s["aspect_probs"][1]) + 1}
		}},
		{"length below 2", func(o map[string][]float32, s map[string][]int64) []int { return []int{1, lens[1]} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, s := clone()
			l := c.mutate(o, s)
			got, err := d.Decode(o, s, l)
			if !errors.Is(err, aspect.ErrShape) {
				t.Fatalf("got %v, %v; want aspect.ErrShape", got, err)
			}
		})
	}
}

func TestNewDecoderRejectsBadCards(t *testing.T) {
	base, err := model.LoadCard(modelDir)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		mutate func(c *model.Card)
	}{
		{"no pair output", func(c *model.Card) { c.Decoding.PairOutput = "" }},
		{"two tags", func(c *model.Card) { c.Decoding.TagLabels = []string{"O", "B"} }},
		{"unknown tag", func(c *model.Card) { c.Decoding.TagLabels = []string{"O", "B", "E"} }},
		{"no none", func(c *model.Card) { c.Decoding.PairLabels = []string{"negative", "neutral", "positive"} }},
		{"unknown polarity", func(c *model.Card) { c.Decoding.PairLabels = []string{"none", "bad"} }},
		{"duplicate label", func(c *model.Card) { c.Decoding.PairLabels = []string{"none", "none", "positive"} }},
		{"implicit row", func(c *model.Card) { c.Decoding.ImplicitRow = 3 }},
		{"unknown opinion tail", func(c *model.Card) { c.Decoding.OpinionTail = "sentence" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			card := base
			card.Decoding.TagLabels = append([]string(nil), base.Decoding.TagLabels...)
			card.Decoding.PairLabels = append([]string(nil), base.Decoding.PairLabels...)
			c.mutate(&card)
			if _, err := aspect.NewDecoder(card.Name, card.Decoding); err == nil {
				t.Fatal("NewDecoder accepted a bad card")
			}
		})
	}
}

// FuzzDecode feeds arbitrary shapes and values; Decode must error or succeed, never panic.
func FuzzDecode(f *testing.F) {
	f.Add(uint8(1), uint8(4), uint8(4), uint8(3), uint8(4), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(uint8(2), uint8(3), uint8(2), uint8(3), uint8(4), []byte{200, 1, 0, 7})
	f.Fuzz(func(t *testing.T, batch, seq, n, tags, pairs uint8, raw []byte) {
		d := loadDecoder(t)
		b, s := int(batch%4), int(seq%12)
		vals := func(k int) []float32 {
			v := make([]float32, k)
			for i := range v {
				if len(raw) > 0 {
					v[i] = float32(raw[i%len(raw)]) / 255
				}
			}
			return v
		}
		outs := map[string][]float32{
			"aspect_probs":  vals(b * s * int(tags%5)),
			"opinion_probs": vals(b * s * 3),
			"pair_probs":    vals(b * s * s * int(pairs%6)),
		}
		shapes := map[string][]int64{
			"aspect_probs":  {int64(b), int64(s), int64(tags % 5)},
			"opinion_probs": {int64(b), int64(s), 3},
			"pair_probs":    {int64(b), int64(s), int64(s), int64(pairs % 6)},
		}
		lens := make([]int, b)
		for i := range lens {
			lens[i] = int(n % 14)
		}
		_, _ = d.Decode(outs, shapes, lens)
	})
}

func BenchmarkDecode(b *testing.B) {
	d := loadDecoder(b)
	recs := loadReference(b)
	outs, shapes, lens := batchOf(recs)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.Decode(outs, shapes, lens); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/sentence")
}

// With decoding.bare_aspects, aspect spans no triplet uses follow the triplets with
// OpinionStart = OpinionEnd = -1, no polarity and the mean tag probability as score.
// Sentence 「屏幕很亮电池」: 屏幕 (1-3) pairs with 很亮 (3-5); 电池 (5-7) has no opinion.
func TestDecodeBareAspects(t *testing.T) {
	base, err := model.LoadCard(modelDir)
	if err != nil {
		t.Fatal(err)
	}
	const seq = 8                        // [CLS] 屏 幕 很 亮 电 池 [SEP]
	tags := func(bio string) []float32 { // one of O/B/I per position, probability 0.8
		out := make([]float32, 0, seq*3)
		for _, c := range bio {
			p := []float32{0.8, 0.1, 0.1}
			switch c {
			case 'B':
				p = []float32{0.1, 0.8, 0.1}
			case 'I':
				p = []float32{0.1, 0.1, 0.8}
			}
			out = append(out, p...)
		}
		return out
	}
	pair := make([]float32, seq*seq*4)
	for i := 0; i < seq*seq; i++ {
		pair[i*4] = 1 // none
	}
	pair[(1*seq+3)*4], pair[(1*seq+3)*4+3] = 0.1, 0.9 // 屏幕 × 很亮: positive
	outs := map[string][]float32{"aspect_probs": tags("OBIOOBIO"), "opinion_probs": tags("OOOBIOOO"), "pair_probs": pair}
	shapes := map[string][]int64{"aspect_probs": {1, seq, 3}, "opinion_probs": {1, seq, 3}, "pair_probs": {1, seq, seq, 4}}
	f := func(bare bool, want []aspect.Triplet) {
		t.Helper()
		card := base
		card.Decoding.BareAspects = bare
		d, err := aspect.NewDecoder(card.Name, card.Decoding)
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.Decode(outs, shapes, []int{seq})
		if err != nil {
			t.Fatal(err)
		}
		if len(got[0]) != len(want) {
			t.Fatalf("bare %v: got %+v, want %+v", bare, got[0], want)
		}
		for i := range want {
			g, w := got[0][i], want[i]
			if g.AspectStart != w.AspectStart || g.AspectEnd != w.AspectEnd || g.OpinionStart != w.OpinionStart ||
				g.OpinionEnd != w.OpinionEnd || g.Polarity != w.Polarity || math.Abs(g.Score-w.Score) > 1e-6 || g.Bare() != w.Bare() {
				t.Errorf("bare %v: triplet %d = %+v, want %+v", bare, i, g, w)
			}
		}
	}
	trip := aspect.Triplet{AspectStart: 1, AspectEnd: 3, OpinionStart: 3, OpinionEnd: 5, Polarity: "positive", Score: float64(float32(0.9))}
	f(false, []aspect.Triplet{trip})
	f(true, []aspect.Triplet{trip, {AspectStart: 5, AspectEnd: 7, OpinionStart: -1, OpinionEnd: -1, Score: float64(float32(0.8))}})
}
