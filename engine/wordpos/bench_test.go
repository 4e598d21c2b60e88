package wordpos

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine/batch"
	"github.com/tingzhen/tingzhen/engine/segment"
	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/model/infer"
	"github.com/tingzhen/tingzhen/testfixture"
	ort "github.com/yalue/onnxruntime_go"
)

// BenchmarkSentimentWordTags measures sentiment models on one ONNX Runtime thread, batches
// of at most 32 texts (engine/batch.Plan, 8192 tokens), over the tokenizer fixture's lines
// (le64: those of at most 64 characters, as engine's BenchmarkStageSentimentInfer; all:
// every line, truncated at 128 tokens), reporting texts per CPU second:
//
//	shipped      models/sentiment-zh: tokenize + ORT
//	shipped_infer  the same with ids computed beforehand: ORT only
//	NAME         each folder of $TINGZHEN_BENCH_WORDPOS_DIR (a list, separated like $PATH;
//	             model.onnx with inputs input_ids, attention_mask, word_tags; vocab.txt), named
//	             by its base name: tokenize + jieba + Tags + ORT
//	NAME_infer   the same model with ids and tags computed beforehand: ORT only
//
// A folder whose graph has no word_tags input (a --tag-dim 0 ablation: the exporter drops the
// unused input) runs with ids and mask only. Each candidate's reference.jsonl (PyTorch probabilities, training/train_sentiment_wordpos.py
// --export) is checked against ONNX Runtime first.
//
//	TINGZHEN_BENCH_WORDPOS_DIR=/tmp/a:/tmp/b TINGZHEN_ORT_LIB=... go test -run '^$' -bench SentimentWordTags ./engine/wordpos
func BenchmarkSentimentWordTags(b *testing.B) {
	lib, err := infer.FindLibrary("", "../..")
	if err != nil {
		b.Skip("no ONNX Runtime: ", err)
	}
	if err := infer.Acquire(lib); err != nil {
		b.Fatal(err)
	}
	defer infer.Release()
	seg, err := segment.New(segment.Options{CacheDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer seg.Close()
	opt := infer.Options{IntraOpThreads: 1, InterOpThreads: 1}
	shipped := loadBench(b, "../../models/sentiment-zh", []string{"input_ids", "attention_mask"}, opt)
	defer shipped.sess.Close()
	var cands []*benchModel
	var names []string
	for _, dir := range filepath.SplitList(os.Getenv("TINGZHEN_BENCH_WORDPOS_DIR")) {
		c := loadBench(b, dir, modelInputs(b, dir), opt)
		defer c.sess.Close()
		c.checkReference(b, dir, seg)
		cands = append(cands, c)
		names = append(names, filepath.Base(dir))
	}
	for _, set := range []struct {
		name     string
		maxRunes int
	}{{"le64", 64}, {"all", 0}} {
		texts := fixtureLines(b, set.maxRunes)
		b.Run(set.name+"/shipped", func(b *testing.B) { shipped.bench(b, texts, nil, false) })
		b.Run(set.name+"/shipped_infer", func(b *testing.B) { shipped.bench(b, texts, nil, true) })
		for i, c := range cands {
			b.Run(set.name+"/"+names[i], func(b *testing.B) { c.bench(b, texts, seg, false) })
			b.Run(set.name+"/"+names[i]+"_infer", func(b *testing.B) { c.bench(b, texts, seg, true) })
		}
	}
}

type benchModel struct {
	tok  *tokenize.Tokenizer
	sess *infer.Session
	tags bool
}

// modelInputs: input_ids, attention_mask and word_tags when the graph has it.
func modelInputs(b *testing.B, dir string) []string {
	ins, _, err := ort.GetInputOutputInfo(filepath.Join(dir, "model.onnx"))
	if err != nil {
		b.Fatal(err)
	}
	names := []string{"input_ids", "attention_mask"}
	for _, in := range ins {
		if in.Name == "word_tags" {
			names = append(names, "word_tags")
		}
	}
	return names
}

func loadBench(b *testing.B, dir string, inputs []string, opt infer.Options) *benchModel {
	tok, err := tokenize.Load(filepath.Join(dir, "vocab.txt"), true)
	if err != nil {
		b.Fatal(err)
	}
	s, err := infer.NewSession(filepath.Join(dir, "model.onnx"), inputs, []string{"probs"}, opt)
	if err != nil {
		b.Fatal(err)
	}
	return &benchModel{tok: tok, sess: s, tags: len(inputs) == 3}
}

// encode tokenizes (and tags) every text.
func (m *benchModel) encode(texts []string, seg *segment.Segmenter) ([]*tokenize.Encoding, [][]int64) {
	encs := make([]*tokenize.Encoding, len(texts))
	var tags [][]int64
	if m.tags {
		tags = make([][]int64, len(texts))
	}
	for i, t := range texts {
		encs[i] = m.tok.Encode(t, 128)
		if m.tags {
			tags[i] = Tags(encs[i].Starts, encs[i].Ends, seg.Tag(t))
		}
	}
	return encs, tags
}

// run pads each planned batch and runs it; returns probs per text.
func (m *benchModel) run(b testing.TB, encs []*tokenize.Encoding, tags [][]int64) [][]float32 {
	lens := make([]int, len(encs))
	for i, e := range encs {
		lens[i] = e.Len()
	}
	out := make([][]float32, len(encs))
	for _, bt := range batch.Plan(lens, 32, 8192) {
		seq := bt.Seq
		n := len(bt.Items) * seq
		ids, mask := make([]int64, n), make([]int64, n)
		in := [][]int64{ids, mask}
		var tg []int64
		if m.tags {
			tg = make([]int64, n)
			in = append(in, tg)
		}
		for r, i := range bt.Items {
			copy(ids[r*seq:], encs[i].IDs)
			for k := range encs[i].IDs {
				mask[r*seq+k] = 1
			}
			if m.tags {
				copy(tg[r*seq:], tags[i])
			}
		}
		res, err := m.sess.RunInputs(in, len(bt.Items), seq)
		if err != nil {
			b.Fatal(err)
		}
		p := res["probs"].Data
		for r, i := range bt.Items {
			out[i] = p[r*3 : (r+1)*3]
		}
	}
	return out
}

func (m *benchModel) bench(b *testing.B, texts []string, seg *segment.Segmenter, preEncoded bool) {
	encs, tags := m.encode(texts, seg)
	m.run(b, encs, tags) // warm-up
	b.ResetTimer()
	c0 := cpuSeconds()
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		if !preEncoded {
			encs, tags = m.encode(texts, seg)
		}
		m.run(b, encs, tags)
	}
	cpu := cpuSeconds() - c0
	b.ReportMetric(float64(len(texts)*b.N)/cpu, "texts/cpu-s")
	b.ReportMetric(float64(len(texts)*b.N)/time.Since(t0).Seconds(), "texts/s")
}

// checkReference compares ONNX Runtime with the PyTorch probabilities of reference.jsonl
// (each text alone and all in one padded batch) and the Go tags with the ones trained on.
func (m *benchModel) checkReference(b *testing.B, dir string, seg *segment.Segmenter) {
	f, err := os.Open(filepath.Join(dir, "reference.jsonl"))
	if os.IsNotExist(err) {
		b.Log("no reference.jsonl: ONNX Runtime not checked against PyTorch")
		return
	}
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var texts []string
	var want [][]float64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r struct {
			Text  string    `json:"text"`
			Tags  []int64   `json:"word_tags"`
			Probs []float64 `json:"probs"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		texts = append(texts, r.Text)
		want = append(want, r.Probs)
	}
	encs, tags := m.encode(texts, seg)
	batched := m.run(b, encs, tags)
	maxDiff := 0.0
	for i := range texts {
		var one [][]int64
		if tags != nil {
			one = tags[i : i+1]
		}
		alone := m.run(b, encs[i:i+1], one)[0]
		for k := range want[i] {
			maxDiff = math.Max(maxDiff, math.Abs(float64(alone[k])-want[i][k]))
			maxDiff = math.Max(maxDiff, math.Abs(float64(batched[i][k])-want[i][k]))
		}
	}
	if maxDiff > 1e-4 {
		b.Fatalf("ONNX Runtime vs PyTorch reference: max abs diff %.2g", maxDiff)
	}
	b.Logf("ONNX Runtime vs PyTorch reference (%d texts, alone and batched): max abs diff %.2g", len(texts), maxDiff)
}

// fixtureLines are the tokenizer's review lines of at most maxRunes characters (all when
// maxRunes <= 0), without the empty line.
func fixtureLines(b *testing.B, maxRunes int) []string {
	if maxRunes <= 0 {
		maxRunes = math.MaxInt
	}
	var out []string
	for _, t := range testfixture.ReviewLines(b, "../..", maxRunes) {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
