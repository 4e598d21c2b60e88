package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tingzhen/tingzhen/model"
)

// The engine's models, each a model.Model (package model loads and runs them), with what
// the engine reads from their cards.

// openModels loads the sentiment model and the optional aspect, category and polarity
// models of cfg on the ONNX Runtime library lib.
func (e *Engine) openModels(cfg Config, lib string) error {
	opt := model.Options{ORTLib: lib, Home: cfg.Home, Device: cfg.Device, IntraOpThreads: cfg.IntraOpThreads, InterOpThreads: cfg.InterOpThreads, Workers: cfg.InferWorkers}
	sentDir := cfg.SentimentModel
	if !filepath.IsAbs(sentDir) {
		sentDir = filepath.Join(cfg.ModelsDir, sentDir)
	}
	var err error
	if e.sentiment, err = model.Open(sentDir, opt); err != nil {
		return err
	}
	if outs := e.sentiment.Card().OutputNames(); outs[0] != "probs" && len(outs) != 1 {
		return fmt.Errorf("sentiment model %s: want one output of 3 probabilities, card lists %v", e.sentiment.Name(), outs)
	}
	if err := e.openChatModel(cfg, opt); err != nil { // chatmodel.go
		return err
	}
	for _, m := range []struct{ kind, name, def string }{
		{"aspect", cfg.AspectModel, defaultAspectModel}, {"polarity", cfg.PolarityModel, defaultPolarityModel},
	} {
		if err := checkOptionalModel(m.kind, cfg.ModelsDir, m.name, m.def); err != nil {
			return err
		}
	}
	if cfg.AspectModel != "-" {
		if e.aspect, err = loadAspectModel(filepath.Join(cfg.ModelsDir, cfg.AspectModel), opt); err != nil {
			return err
		}
	}
	if e.categories, err = openCategoryModels(cfg, opt); err != nil { // categories.go
		return err
	}
	if cfg.PolarityModel != "-" {
		if e.polarity, err = loadPolarityModel(filepath.Join(cfg.ModelsDir, cfg.PolarityModel), opt); err != nil {
			return err
		}
	}
	return nil
}

// models are the loaded models, sentiment first.
func (e *Engine) models() []*model.Model {
	var out []*model.Model
	ms := []*model.Model{e.sentiment, e.chatSentiment, e.aspect.model(), e.polarity.model()}
	for _, a := range e.packAspectModels() { // aspectroute.go
		ms = append(ms, a.model())
	}
	for _, c := range e.categories {
		ms = append(ms, c.model())
	}
	for _, m := range ms {
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}

// closeModels releases every loaded model.
func (e *Engine) closeModels() []error {
	var errs []error
	for _, m := range e.models() {
		errs = append(errs, m.Close())
	}
	e.sentiment, e.chatSentiment, e.aspect, e.categories, e.polarity = nil, nil, nil, nil, nil
	e.packAspects = nil
	return errs
}

// optional reports whether dir has a model.onnx: without one, an optional model is absent
// and the engine runs without it. A symbolic link whose target is missing is an error, not
// an absent model: it is an installation gone wrong, and running without the model would
// change every output without a word.
func optional(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, "model.onnx"))
	if !os.IsNotExist(err) {
		return true, nil
	}
	if fi, lerr := os.Lstat(dir); lerr == nil && fi.Mode()&os.ModeSymlink != 0 {
		if _, serr := os.Stat(dir); serr != nil {
			target, _ := os.Readlink(dir)
			return false, fmt.Errorf("model folder %s is a link to %q, which is missing (fix the link, or remove it to run without this model)", dir, target)
		}
	}
	return false, nil
}

// aspectModel is the aspect/opinion triplet extractor (aspect-zh).
type aspectModel struct{ m *model.Model }

func (a *aspectModel) model() *model.Model {
	if a == nil {
		return nil
	}
	return a.m
}

// loadAspectModel loads aspect-zh; a folder without model.onnx means "no aspect model"
// (aspects then come from the knowledge graph alone).
func loadAspectModel(dir string, opt model.Options) (*aspectModel, error) {
	if ok, err := optional(dir); err != nil || !ok {
		return nil, err
	}
	m, err := model.Open(dir, opt)
	if err != nil {
		return nil, err
	}
	if m.Kind() != model.KindAspect {
		m.Close()
		return nil, fmt.Errorf("load model %s: aspect decoder: decoding.aspect_output, opinion_output and pair_output are required", dir)
	}
	return &aspectModel{m: m}, nil
}

// extract returns, per text, the model's triplets as Aspects with code-point offsets into
// that text; a bare aspect term (no opinion) keeps no polarity: the mention policy finds
// its opinion and polarity in the clause.
func (a *aspectModel) extract(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]Aspect, error) {
	trips, err := a.m.Triplets(ctx, texts, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	out := make([][]Aspect, len(trips))
	for i, ts := range trips {
		for _, t := range ts {
			asp := Aspect{Term: t.Term, Start: t.Start, End: t.End, Confidence: round4(t.Score), Source: "model"}
			if !t.Bare() {
				asp.Opinion, asp.Polarity, asp.OpinionStart, asp.OpinionEnd = t.Opinion, t.Polarity, t.OpinionStart, t.OpinionEnd
			}
			out[i] = append(out[i], asp)
		}
	}
	return out, nil
}

// PolarityItem is one aspect to score: a sentence and the aspect's span in it, in code
// points, End exclusive (model.Span: a category that is not a span of the text is
// prepended, "价格：" + sentence, span [0, 2)).
type PolarityItem = model.Span

// polarityModel is the aspect-conditioned polarity classifier (polarity-zh): the sentence
// with its aspect span between two marker tokens → p(negative, neutral, positive).
type polarityModel struct{ m *model.Model }

func (p *polarityModel) model() *model.Model {
	if p == nil {
		return nil
	}
	return p.m
}

// loadPolarityModel loads polarity-zh; a folder without model.onnx means "no polarity
// model" (nil, nil): the engine works without it.
func loadPolarityModel(dir string, opt model.Options) (*polarityModel, error) {
	if ok, err := optional(dir); err != nil || !ok {
		return nil, err
	}
	m, err := model.Open(dir, opt)
	if err != nil {
		return nil, err
	}
	if err := checkPolarityCard(m.Card()); err != nil {
		m.Close()
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	return &polarityModel{m: m}, nil
}

// checkPolarityCard: labels negative/neutral/positive, one output, the two aspect marker
// ids, and room for an aspect in the window.
func checkPolarityCard(c model.Card) error {
	if !slices.Equal(c.Labels, polarities) {
		return fmt.Errorf("card labels %v, want %v", c.Labels, polarities)
	}
	if len(c.Outputs) != 1 {
		return fmt.Errorf("card lists outputs %v, want one output of 3 probabilities", c.OutputNames())
	}
	if c.Markers == nil {
		if c.MarkersErr != "" {
			return fmt.Errorf("%s", c.MarkersErr)
		}
		return fmt.Errorf("card needs aspect_markers {open_id, close_id} (two different token ids), has none")
	}
	if c.MaxLen < 4 {
		return fmt.Errorf("card max_len %d leaves no room for an aspect", c.MaxLen)
	}
	return nil
}

// score returns p(negative, neutral, positive) for each item's aspect, in item order. Items
// run in length-bucketed batches of at most maxBatch sequences and maxTokens padded tokens.
// An item whose span is not a non-empty span of its text fails the call, naming the item
// (spans come from the caller's own term matching, not from user input).
func (p *polarityModel) score(ctx context.Context, items []PolarityItem, maxBatch, maxTokens int) ([][3]float32, error) {
	rows, err := p.m.MarkedProbs(ctx, items, maxBatch, maxTokens)
	if err != nil {
		return nil, err
	}
	out := make([][3]float32, len(items))
	for i, v := range rows {
		if len(v) != 3 {
			return nil, fmt.Errorf("model %s: %d values per item, want 3", p.m.Name(), len(v))
		}
		copy(out[i][:], v)
	}
	return out, nil
}
