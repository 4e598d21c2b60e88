package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/tingzhen/tingzhen/engine/batch"
	"github.com/tingzhen/tingzhen/engine/infer"
	"github.com/tingzhen/tingzhen/engine/tokenize"
)

// card is the part of a model's model.yaml the engine needs. Missing fields take the
// defaults of models/README.md.
type card struct {
	Name      string   `yaml:"name"`
	Task      string   `yaml:"task"`
	Version   string   `yaml:"version"`
	MaxLen    int      `yaml:"max_len"`
	Lowercase *bool    `yaml:"lowercase"`
	Labels    []string `yaml:"labels"`
	File      string   `yaml:"file"`
	Vocab     string   `yaml:"vocab"`
	Inputs    []string `yaml:"-"`
	Outputs   []string `yaml:"-"`
	raw       map[string]any
}

// names accepts a list of strings or a list of {name: …} maps (or a map keyed by name).
func names(v any) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			switch y := e.(type) {
			case string:
				out = append(out, y)
			case map[string]any:
				if n, ok := y["name"].(string); ok {
					out = append(out, n)
				}
			}
		}
	case map[string]any:
		for k := range x {
			out = append(out, k)
		}
		sort.Strings(out)
	}
	return out
}

func loadCard(dir string) (card, error) {
	c := card{}
	data, err := os.ReadFile(filepath.Join(dir, "model.yaml"))
	if err == nil {
		if err := yaml.Unmarshal(data, &c); err != nil {
			return c, fmt.Errorf("model card %s: %w", filepath.Join(dir, "model.yaml"), err)
		}
		if err := yaml.Unmarshal(data, &c.raw); err != nil {
			return c, fmt.Errorf("model card %s: %w", filepath.Join(dir, "model.yaml"), err)
		}
		c.Inputs = names(c.raw["inputs"])
		c.Outputs = names(c.raw["outputs"])
		if f, ok := c.raw["files"].(map[string]any); ok {
			for _, k := range []string{"onnx", "model"} {
				if s, ok := f[k].(string); ok && c.File == "" {
					c.File = s
				}
			}
			if s, ok := f["vocab"].(string); ok && c.Vocab == "" {
				c.Vocab = s
			}
		}
		if tk, ok := c.raw["tokenizer"].(map[string]any); ok {
			if b, ok := tk["lowercase"].(bool); ok && c.Lowercase == nil {
				c.Lowercase = &b
			}
			if s, ok := tk["vocab"].(string); ok && c.Vocab == "" {
				c.Vocab = s
			}
			if n, ok := tk["max_len"].(int); ok && c.MaxLen == 0 {
				c.MaxLen = n
			}
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return c, fmt.Errorf("model card: %w", err)
	}
	if c.MaxLen <= 0 {
		c.MaxLen = 128
	}
	if c.Lowercase == nil {
		t := true
		c.Lowercase = &t
	}
	if c.File == "" {
		c.File = "model.onnx"
	}
	if c.Vocab == "" {
		c.Vocab = "vocab.txt"
	}
	if len(c.Inputs) == 0 {
		c.Inputs = []string{"input_ids", "attention_mask"}
	}
	if len(c.Outputs) == 0 {
		c.Outputs = []string{"probs"}
	}
	if c.Name == "" {
		c.Name = filepath.Base(dir)
	}
	return c, nil
}

// model is one loaded ONNX model with its tokenizer.
type model struct {
	name string
	dir  string
	card card
	tok  *tokenize.Tokenizer
	sess *infer.Session
	// workers is how many batches of one call run at once (Config.InferWorkers).
	workers int
}

func loadModel(dir string, opt infer.Options, workers int) (*model, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("model folder %s is missing (the shipped models live in models/ of the tingzhen repository; set --home or TINGZHEN_HOME to it)", dir)
	}
	c, err := loadCard(dir)
	if err != nil {
		return nil, err
	}
	tok, err := tokenize.Load(filepath.Join(dir, c.Vocab), *c.Lowercase)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", c.Name, err)
	}
	sess, err := infer.NewSession(filepath.Join(dir, c.File), c.Inputs, c.Outputs, opt)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", c.Name, err)
	}
	return &model{name: c.Name, dir: dir, card: c, tok: tok, sess: sess, workers: workers}, nil
}

func (m *model) close() error {
	if m == nil {
		return nil
	}
	return m.sess.Close()
}

// run encodes texts, runs them in length-bucketed batches and returns, for every text, its
// encoding and its rows of every output (output name → the text's slice of the batch).
func (m *model) run(ctx context.Context, texts []string, maxBatch, maxTokens int) ([]*tokenize.Encoding, []map[string][]float32, error) {
	encs := make([]*tokenize.Encoding, len(texts))
	for i, t := range texts {
		encs[i] = m.tok.Encode(t, m.card.MaxLen)
	}
	rows, err := m.runEncoded(ctx, encs, maxBatch, maxTokens)
	if err != nil {
		return nil, nil, err
	}
	return encs, rows, nil
}

// runEncoded runs already encoded sequences (ids with [CLS] and [SEP], at most the model's
// max_len) in length-bucketed batches and returns each one's rows of every output.
func (m *model) runEncoded(ctx context.Context, encs []*tokenize.Encoding, maxBatch, maxTokens int) ([]map[string][]float32, error) {
	lens := make([]int, len(encs))
	for i, e := range encs {
		lens[i] = e.Len()
	}
	rows := make([]map[string][]float32, len(encs))
	plan := batch.Plan(lens, maxBatch, maxTokens)
	// Batches run in parallel, up to workers at a time, each on one session shared by all
	// (DynamicAdvancedSession is safe for concurrent Run).
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
			if err := m.runBatch(b, encs, rows); err != nil {
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
func (m *model) runBatch(b batch.Batch, encs []*tokenize.Encoding, rows []map[string][]float32) error {
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
	out, err := m.sess.Run(ids, mask, len(b.Items), seq)
	if err != nil {
		return fmt.Errorf("model %s: %w", m.name, err)
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
