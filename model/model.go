package model

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tingzhen/tingzhen/engine/batch"
	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/model/aspect"
	"github.com/tingzhen/tingzhen/model/infer"
)

// Options configures Open. Zero values take the documented defaults.
type Options struct {
	// Home is where third_party/ort is looked for (default $TINGZHEN_HOME, then the
	// working directory and the executable's parent directory).
	Home string
	// ORTLib is the ONNX Runtime shared library (default $TINGZHEN_ORT_LIB, else found
	// under Home; infer.FindLibrary).
	ORTLib string
	// Device is "cpu" (default) or "cuda".
	Device string
	// IntraOpThreads and InterOpThreads are ONNX Runtime's thread counts per run (default 1
	// and 1: parallelism comes from Workers).
	IntraOpThreads, InterOpThreads int
	// Workers is how many batches of one call run at once, side by side on the model's one
	// session (default 1).
	Workers int
	// File is the ONNX file in the folder to load instead of the card's (a caller's own
	// export; default: the card's file).
	File string
	// Inputs and Outputs name the tensors when the caller knows them (a model whose file
	// may come without its card: calls/vad's Silero names); default: the card's.
	Inputs, Outputs []string
}

func (o Options) withDefaults() Options {
	if o.Device == "" {
		o.Device = "cpu"
	}
	if o.IntraOpThreads <= 0 {
		o.IntraOpThreads = 1
	}
	if o.InterOpThreads <= 0 {
		o.InterOpThreads = 1
	}
	if o.Workers <= 0 {
		o.Workers = 1
	}
	return o
}

// Runtime finds the ONNX Runtime library Open will use and checks that it can run on
// opt.Device; the error is one sentence saying what is missing (model/infer/cuda.go).
func Runtime(opt Options) (lib string, err error) {
	opt = opt.withDefaults()
	lib, err = infer.FindLibrary(opt.ORTLib, opt.Home)
	if err != nil {
		return "", err
	}
	if err := infer.CheckDevice(opt.Device, lib); err != nil {
		return "", err
	}
	return lib, nil
}

// RuntimeVersion is the version of the loaded ONNX Runtime ("" before a model is open).
func RuntimeVersion() string { return infer.Version() }

// Model is one model folder loaded: its card, its tokenizer (text models) and one ONNX
// Runtime session. The session is the pool: ONNX Runtime's DynamicAdvancedSession is safe
// for concurrent runs, so every call and every worker shares it (one copy of the weights),
// and each call runs at most Workers batches at once. A Model is safe for concurrent use;
// Close releases it.
type Model struct {
	dir     string
	card    Card
	tok     *tokenize.Tokenizer // nil for a model that reads no token ids
	sess    *infer.Session
	dec     *aspect.Decoder // KindAspect only
	split   *pairSplit      // KindAspect on the CPU with a pair grid of the split's form (pairsplit.go)
	outs    []outSpec       // KindAspect: the decoder's outputs' ranks
	workers int
	shared  bool // a WithWorkers view: Close leaves the session to its owner
	closed  sync.Once
	stats   *counters
}

// Open loads the model in dir (model.yaml, its ONNX file and, for a text model, its
// vocabulary) on the ONNX Runtime that opt names; every open Model holds the process's
// ONNX Runtime environment until it is closed.
func Open(dir string, opt Options) (*Model, error) {
	opt = opt.withDefaults()
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("model folder %s is missing (the shipped models live in models/ of the tingzhen repository; set --home or TINGZHEN_HOME to it)", dir)
	}
	c, err := LoadCard(dir)
	if err != nil {
		return nil, err
	}
	if opt.File != "" {
		c.File = opt.File
	}
	if len(opt.Inputs) > 0 {
		c.Inputs = tensors(anys(opt.Inputs))
	}
	if len(opt.Outputs) > 0 {
		c.Outputs = tensors(anys(opt.Outputs))
	}
	m := &Model{dir: dir, card: c, workers: opt.Workers, stats: &counters{}}
	if c.Kind() == KindAspect {
		if m.dec, err = aspect.NewDecoder(c.Name, c.Decoding); err != nil {
			return nil, fmt.Errorf("load model %s: %w", dir, err)
		}
		if m.outs, err = aspectOutputs(c); err != nil {
			return nil, fmt.Errorf("load model %s: %w", dir, err)
		}
	}
	if c.TextModel() {
		if m.tok, err = tokenize.Load(filepath.Join(dir, c.Vocab), c.Lowercase); err != nil {
			return nil, fmt.Errorf("load model %s: %w", c.Name, err)
		}
	}
	lib, err := Runtime(opt)
	if err != nil {
		return nil, err
	}
	if err := infer.Acquire(lib); err != nil {
		return nil, err
	}
	iopt := infer.Options{Device: opt.Device, IntraOpThreads: opt.IntraOpThreads, InterOpThreads: opt.InterOpThreads}
	if m.sess, err = infer.NewSession(filepath.Join(dir, c.File), c.InputNames(), c.OutputNames(), iopt); err != nil {
		infer.Release()
		return nil, fmt.Errorf("load model %s: %w", c.Name, err)
	}
	if m.dec != nil {
		pi := slices.IndexFunc(m.outs, func(o outSpec) bool { return o.name == c.Decoding.PairOutput })
		if pi < 0 {
			m.sess.Close()
			infer.Release()
			return nil, fmt.Errorf("load model %s: card decoding.pair_output %q is not one of its outputs", c.Name, c.Decoding.PairOutput)
		}
		if m.split, err = openPairSplit(filepath.Join(dir, c.File), c, m.outs[pi].last, iopt); err != nil {
			m.sess.Close()
			infer.Release()
			return nil, fmt.Errorf("load model %s: %w", c.Name, err)
		}
	}
	return m, nil
}

func anys(names []string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}

// Close releases the session and this model's hold on the ONNX Runtime environment. A
// WithWorkers view closes nothing.
func (m *Model) Close() error {
	if m == nil || m.shared {
		return nil
	}
	var err error
	m.closed.Do(func() {
		err = m.sess.Close()
		if serr := m.split.close(); err == nil {
			err = serr
		}
		if rerr := infer.Release(); err == nil {
			err = rerr
		}
	})
	return err
}

// WithWorkers is m running at most n batches of one call at once, on m's session (close
// m, not the view).
func (m *Model) WithWorkers(n int) *Model {
	return &Model{dir: m.dir, card: m.card, tok: m.tok, sess: m.sess, dec: m.dec, split: m.split, outs: m.outs, workers: max(1, n), shared: true, stats: m.stats}
}

// Name is the card's name (or the folder's).
func (m *Model) Name() string { return m.card.Name }

// Dir is the model's folder.
func (m *Model) Dir() string { return m.dir }

// Card is the model's card.
func (m *Model) Card() Card { return m.card }

// Kind is the card's kind (KindSentiment, KindAspect, KindCategory, KindOther).
func (m *Model) Kind() string { return m.card.Kind() }

// Tokenizer is the model's tokenizer (nil for a model that reads no token ids).
func (m *Model) Tokenizer() *tokenize.Tokenizer { return m.tok }

// Session is the model's ONNX Runtime session, for a model that reads no token ids
// (calls/vad steps Silero's recurrent state through it).
func (m *Model) Session() *infer.Session { return m.sess }

// Encode tokenizes text as the model reads it (at most its window of MaxLen tokens); an
// empty encoding for a model that reads no token ids.
func (m *Model) Encode(text string) *tokenize.Encoding {
	if m.tok == nil {
		return &tokenize.Encoding{}
	}
	return m.tok.Encode(text, m.card.MaxLen)
}

// Tokens counts the tokens the model reads for text ([CLS] and [SEP] included, at most
// its window).
func (m *Model) Tokens(text string) int { return m.Encode(text).Len() }

// Run encodes texts, runs them in length-bucketed batches of at most maxBatch sequences
// and maxTokens padded tokens (one ONNX Runtime call per batch) and returns, for every
// text, its encoding and its rows of every output (output name → the text's slice of the
// batch).
func (m *Model) Run(ctx context.Context, texts []string, maxBatch, maxTokens int) ([]*tokenize.Encoding, []map[string][]float32, error) {
	if m.tok == nil {
		return nil, nil, fmt.Errorf("model %s reads no token ids: Run needs a text model", m.card.Name)
	}
	return m.run(ctx, m.sess, texts, maxBatch, maxTokens)
}

// run is Run on session sess (m's own, or its split trunk: pairsplit.go).
func (m *Model) run(ctx context.Context, sess *infer.Session, texts []string, maxBatch, maxTokens int) ([]*tokenize.Encoding, []map[string][]float32, error) {
	t0 := time.Now()
	encs := make([]*tokenize.Encoding, len(texts))
	for i, t := range texts {
		encs[i] = m.tok.Encode(t, m.card.MaxLen)
	}
	m.stats.encode.Add(int64(time.Since(t0)))
	rows, err := m.runEncoded(ctx, sess, encs, maxBatch, maxTokens)
	if err != nil {
		return nil, nil, err
	}
	return encs, rows, nil
}

// Probs runs texts (as Run) and returns each text's row of the first output: a
// classifier's probabilities.
func (m *Model) Probs(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]float32, error) {
	_, rows, err := m.Run(ctx, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	return m.firstOutput(rows), nil
}

// firstOutput is each row's value of the card's first output (Probs, MarkedProbs).
func (m *Model) firstOutput(rows []map[string][]float32) [][]float32 {
	out := make([][]float32, len(rows))
	name := m.card.Outputs[0].Name
	for i, row := range rows {
		out[i] = row[name]
	}
	return out
}

// RunEncoded runs already encoded sequences (ids with [CLS] and [SEP], at most the
// model's max_len) in length-bucketed batches and returns each one's rows of every output.
func (m *Model) RunEncoded(ctx context.Context, encs []*tokenize.Encoding, maxBatch, maxTokens int) ([]map[string][]float32, error) {
	return m.runEncoded(ctx, m.sess, encs, maxBatch, maxTokens)
}

// runEncoded is RunEncoded on session sess (m's own, or its split trunk).
func (m *Model) runEncoded(ctx context.Context, sess *infer.Session, encs []*tokenize.Encoding, maxBatch, maxTokens int) ([]map[string][]float32, error) {
	t0 := time.Now()
	defer func() { m.stats.infer.Add(int64(time.Since(t0))) }()
	lens := make([]int, len(encs))
	for i, e := range encs {
		lens[i] = e.Len()
	}
	rows := make([]map[string][]float32, len(encs))
	plan := batch.Plan(lens, maxBatch, maxTokens)
	m.stats.texts.Add(int64(len(encs)))
	m.stats.batches.Add(int64(len(plan)))
	// Batches run in parallel, up to workers at a time, each on the one session shared by
	// all (DynamicAdvancedSession is safe for concurrent Run).
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	sem := make(chan struct{}, max(1, m.workers))
	for _, b := range plan {
		if err := ctx.Err(); err != nil {
			firstErr = err
			break
		}
		sem <- struct{}{}
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed {
			<-sem
			break
		}
		wg.Add(1)
		go func(b batch.Batch) {
			defer func() { <-sem; wg.Done() }()
			if err := m.runBatch(sess, b, encs, rows); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}(b)
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return rows, nil
}

// runBatch pads one batch, runs it and stores each item's rows (disjoint indices per batch).
func (m *Model) runBatch(sess *infer.Session, b batch.Batch, encs []*tokenize.Encoding, rows []map[string][]float32) error {
	seq := b.Seq
	ids := make([]int64, len(b.Items)*seq)
	mask := make([]int64, len(b.Items)*seq)
	for r, i := range b.Items {
		copy(ids[r*seq:], encs[i].IDs)
		for k := range encs[i].IDs {
			mask[r*seq+k] = 1
		}
		for k := len(encs[i].IDs); k < seq; k++ {
			ids[r*seq+k] = int64(m.tok.PadID)
		}
	}
	out, err := sess.Run(ids, mask, len(b.Items), seq)
	if err != nil {
		return fmt.Errorf("model %s: %w", m.card.Name, err)
	}
	for r, i := range b.Items {
		rows[i] = make(map[string][]float32, len(out))
		for name, o := range out {
			per := len(o.Data) / len(b.Items)
			rows[i][name] = o.Data[r*per : (r+1)*per]
		}
	}
	return nil
}

// counters are a model's running totals (Stats).
type counters struct {
	texts, batches, encode, infer, decode atomic.Int64
}

// Stats are a model's totals since it was opened, over every call (concurrent calls add
// up their own wall times).
type Stats struct {
	Model   string
	Texts   int64 // sequences run
	Batches int64 // ONNX Runtime calls
	// Encode is the time spent tokenizing (Run's encoding; RunEncoded callers encode
	// themselves); Infer the wall time of the batched runs, padding included; Decode the
	// time spent turning an aspect model's outputs into triplets (Triplets).
	Encode, Infer, Decode time.Duration
}

// Stats returns m's totals so far.
func (m *Model) Stats() Stats {
	return Stats{Model: m.card.Name, Texts: m.stats.texts.Load(), Batches: m.stats.batches.Load(), Encode: time.Duration(m.stats.encode.Load()), Infer: time.Duration(m.stats.infer.Load()), Decode: time.Duration(m.stats.decode.Load())}
}

// MaxLen is the model window in tokens, [CLS] and [SEP] included.
func (m *Model) MaxLen() int { return m.card.MaxLen }

// Output is the name of the model's first output (a classifier's probabilities).
func (m *Model) Output() string { return m.card.Outputs[0].Name }
