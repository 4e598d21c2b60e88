package engine

// Hooks for the bench package (tingzhen bench): one model folder loaded on its own and run on
// texts, and the pipeline's stages timed one by one. Nothing here is used by Analyze.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/aspect"
	"github.com/tingzhen/tingzhen/engine/batch"
	"github.com/tingzhen/tingzhen/engine/infer"
	"github.com/tingzhen/tingzhen/engine/normalize"
	"github.com/tingzhen/tingzhen/engine/split"
	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/mention"
)

// Model tasks as ModelRunner.Task reports them.
const (
	TaskSentiment = "sentiment" // one probability row per text (card labels)
	TaskAspect    = "aspect"    // aspect/opinion/polarity triplets
	TaskCategory  = "category"  // dimensions × states probabilities per text
)

// ModelRunner is one model folder (model.yaml, model.onnx, vocab.txt) loaded on its own,
// outside an Engine, so that several models can be compared on the same texts. It is safe
// for concurrent use; Close releases it.
type ModelRunner struct {
	name, task, dir string
	labels          []string // sentiment: class labels; category: dimension names
	states          []string // category: state labels (absent first)
	m               *model
	asp             *aspectModel
}

// OpenModel loads the model in dir with cfg's ONNX Runtime library, device, threads and
// InferWorkers (batches of one call run side by side).
// The task comes from the card: an aspect card (pair output) is "aspect", task "category"
// or a card listing dimensions is "category", anything else a sentiment-style classifier.
func OpenModel(dir string, cfg Config) (*ModelRunner, error) {
	cfg = cfg.withDefaults()
	lib, err := infer.FindLibrary(cfg.ORTLib, cfg.Home)
	if err != nil {
		return nil, err
	}
	if err := infer.CheckDevice(cfg.Device, lib); err != nil {
		return nil, err // one sentence: what is missing for the device (engine/infer/cuda.go)
	}
	if err := infer.Acquire(lib); err != nil {
		return nil, err
	}
	opt := infer.Options{Device: cfg.Device, IntraOpThreads: cfg.IntraOpThreads, InterOpThreads: cfg.InterOpThreads}
	r := &ModelRunner{dir: dir}
	if isAspectCard(dir) {
		a, err := loadAspectModel(dir, opt, cfg.InferWorkers)
		if err != nil {
			infer.Release()
			return nil, err
		}
		if a == nil {
			infer.Release()
			return nil, fmt.Errorf("open model %s: no model.onnx", dir)
		}
		r.asp, r.m, r.task, r.name = a, a.m, TaskAspect, a.m.name
		return r, nil
	}
	m, err := loadModel(dir, opt, cfg.InferWorkers)
	if err != nil {
		infer.Release()
		return nil, err
	}
	r.m, r.name, r.labels = m, m.name, m.card.Labels
	dims := names(m.card.raw["dimensions"])
	if strings.HasPrefix(m.card.Task, "category") || len(dims) > 0 {
		r.task, r.labels, r.states = TaskCategory, dims, m.card.Labels
		if len(r.states) == 0 {
			r.states = []string{"absent", "negative", "neutral", "positive"}
		}
	} else {
		r.task = TaskSentiment
		if len(r.labels) == 0 {
			r.labels = polarities
		}
	}
	return r, nil
}

func isAspectCard(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "model.yaml"))
	if err != nil {
		return false
	}
	c, err := aspect.ParseCard(data)
	return err == nil && c.Decoding.PairOutput != ""
}

// Name is the model's name from its card (or folder name).
func (r *ModelRunner) Name() string { return r.name }

// Task is TaskSentiment, TaskAspect or TaskCategory.
func (r *ModelRunner) Task() string { return r.task }

// Labels are the class labels (sentiment) or dimension names (category).
func (r *ModelRunner) Labels() []string { return append([]string(nil), r.labels...) }

// States are the per-dimension states of a category model (absent first).
func (r *ModelRunner) States() []string { return append([]string(nil), r.states...) }

// MaxLen is the model window in tokens, [CLS] and [SEP] included.
func (r *ModelRunner) MaxLen() int { return r.m.card.MaxLen }

// Tokens counts the tokens the model would see for text ([CLS] and [SEP] included, truncated
// to the window).
func (r *ModelRunner) Tokens(text string) int { return r.m.tok.Encode(text, r.m.card.MaxLen).Len() }

// Probs runs a sentiment or category model on texts (tokenization included, length-bucketed
// batches of at most maxBatch texts and maxTokens padded tokens) and returns each text's
// first-output row.
func (r *ModelRunner) Probs(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]float32, error) {
	if r.task == TaskAspect {
		return nil, fmt.Errorf("model %s: Probs on an aspect model (use Triplets)", r.name)
	}
	_, rows, err := r.m.run(ctx, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	out := make([][]float32, len(rows))
	name := r.m.card.Outputs[0]
	for i, row := range rows {
		out[i] = row[name]
	}
	return out, nil
}

// Triplets runs an aspect model on texts; offsets of the returned Aspects are code points
// into each text (Start/End the aspect term, equal to the opinion's when implicit). Only
// triplets: bare aspect terms (decoding.bare_aspects, no opinion, no polarity) are left out.
func (r *ModelRunner) Triplets(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]Aspect, error) {
	if r.asp == nil {
		return nil, fmt.Errorf("model %s is not an aspect model", r.name)
	}
	all, err := r.asp.extract(ctx, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	for i, as := range all {
		kept := as[:0]
		for _, a := range as {
			if a.Polarity != "" {
				kept = append(kept, a)
			}
		}
		all[i] = kept
	}
	return all, nil
}

// Run runs the model on texts end to end (tokenization, padding, inference, and triplet
// decoding for aspect models) and discards the outputs: the unit of work of speed runs.
func (r *ModelRunner) Run(ctx context.Context, texts []string, maxBatch, maxTokens int) error {
	var err error
	if r.asp != nil {
		_, err = r.asp.extract(ctx, texts, maxBatch, maxTokens)
	} else {
		_, _, err = r.m.run(ctx, texts, maxBatch, maxTokens)
	}
	return err
}

// Close releases the session and this runner's hold on the ONNX Runtime environment.
func (r *ModelRunner) Close() error {
	if r == nil || r.m == nil {
		return nil
	}
	err := r.m.close()
	r.m, r.asp = nil, nil
	if rerr := infer.Release(); err == nil {
		err = rerr
	}
	return err
}

// StageTime is the wall time of one pipeline stage over a whole corpus.
type StageTime struct {
	Stage string        `json:"stage"`
	Note  string        `json:"note"`
	Time  time.Duration `json:"ns"`
}

// ProfileStages times the stages of Analyze one by one on texts, in the order and with the
// options Analyze uses: normalise, split, segment (jieba TF-IDF keywords), tokenize (every
// loaded model's encoding of its units), infer, one stage per model (the model runs on those
// encodings, length bucketed as in Analyze), and the full Analyze. "map" (industry inference, aspect decoding,
// knowledge-graph mapping, point classification, result building) is the full time minus the
// measured stages, so it is an estimate and includes the measurement's noise.
func (e *Engine) ProfileStages(ctx context.Context, texts []string) ([]StageTime, time.Duration, error) {
	var st []StageTime
	t0 := time.Now()
	norms := make([]normalize.Text, 0, len(texts))
	for _, t := range texts {
		nt, err := normalize.String(t, normalize.Options{Strict: !e.cfg.RepairUTF8})
		if err != nil {
			continue // Analyze rejects the record too
		}
		norms = append(norms, nt)
	}
	st = append(st, StageTime{Stage: "normalize", Note: "normalize.String", Time: time.Since(t0)})

	maxRunes := e.cfg.SentenceMaxRunes
	if lim := e.sentiment.card.MaxLen - 2; maxRunes > lim {
		maxRunes = lim
	}
	t0 = time.Now()
	var sentUnits, allSents, catSents []string
	g := e.store.Graph()
	for _, nt := range norms {
		ss := split.Sentences(nt.Text, split.Options{MaxRunes: maxRunes})
		if len(ss) > 1 && utf8.RuneCountInString(nt.Text) <= e.sentiment.card.MaxLen-2 {
			sentUnits = append(sentUnits, nt.Text)
		}
		cat := false
		if e.category != nil {
			ind, _, _ := mention.DefaultPolicy.Industry(g, nt.Text) // as prepare does
			cat = ind == e.category.industry
		}
		for _, s := range ss {
			sentUnits = append(sentUnits, s.Text)
			allSents = append(allSents, s.Text)
			if cat {
				catSents = append(catSents, s.Text)
			}
		}
	}
	st = append(st, StageTime{Stage: "split", Note: "split.Sentences (+ industry inference, which picks the category model's records)", Time: time.Since(t0)})

	t0 = time.Now()
	if e.cfg.Keywords > 0 {
		for _, nt := range norms {
			e.seg.Keywords(nt.Text, e.cfg.Keywords)
		}
	}
	st = append(st, StageTime{Stage: "segment", Note: fmt.Sprintf("jieba TF-IDF keywords (top %d) per text", e.cfg.Keywords), Time: time.Since(t0)})

	type job struct {
		m     *model
		texts []string
	}
	jobs := []job{{e.sentiment, sentUnits}}
	if e.aspect != nil {
		jobs = append(jobs, job{e.aspect.m, allSents})
	}
	if e.category != nil && len(catSents) > 0 {
		// As in Analyze: only on sentences of records inferred to be of its industry.
		jobs = append(jobs, job{e.category.m, catSents})
	}
	var tokT time.Duration
	var models []string
	var infs []StageTime
	for _, j := range jobs {
		models = append(models, j.m.name)
		t0 = time.Now()
		encs := make([]*tokenize.Encoding, len(j.texts))
		lens := make([]int, len(j.texts))
		for i, t := range j.texts {
			encs[i] = j.m.tok.Encode(t, j.m.card.MaxLen)
			lens[i] = encs[i].Len()
		}
		tokT += time.Since(t0)
		t0 = time.Now()
		for _, b := range batch.Plan(lens, e.cfg.MaxBatch, e.cfg.MaxBatchTokens) {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
			seq := b.Seq
			ids := make([]int64, len(b.Items)*seq)
			mask := make([]int64, len(b.Items)*seq)
			for r, i := range b.Items {
				copy(ids[r*seq:], encs[i].IDs)
				for k := range encs[i].IDs {
					mask[r*seq+k] = 1
				}
				for k := len(encs[i].IDs); k < seq; k++ {
					ids[r*seq+k] = int64(j.m.tok.PadID)
				}
			}
			if _, err := j.m.sess.Run(ids, mask, len(b.Items), seq); err != nil {
				return nil, 0, fmt.Errorf("profile model %s: %w", j.m.name, err)
			}
		}
		infs = append(infs, StageTime{Stage: "infer " + j.m.name, Note: fmt.Sprintf("%d texts, length-bucketed batches (padding included)", len(j.texts)), Time: time.Since(t0)})
	}
	note := strings.Join(models, " + ")
	st = append(st, StageTime{Stage: "tokenize", Note: note, Time: tokT})
	st = append(st, infs...)

	inputs := make([]Input, len(texts))
	for i, t := range texts {
		inputs[i] = Input{ID: fmt.Sprint(i), Text: t}
	}
	t0 = time.Now()
	if _, err := e.Analyze(ctx, inputs); err != nil {
		return nil, 0, fmt.Errorf("profile analyze: %w", err)
	}
	total := time.Since(t0)
	var sum time.Duration
	for _, s := range st {
		sum += s.Time
	}
	rest := total - sum
	if rest < 0 {
		rest = 0
	}
	st = append(st, StageTime{Stage: "map", Note: "remainder of Analyze: industry, aspect decoding, knowledge-graph mapping, points, results", Time: rest})
	return st, total, nil
}
