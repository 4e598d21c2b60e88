package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/model"
)

// Per-industry aspect models: a pack may name the aspect model folder that reads its
// records (kg.Pack.AspectModel, the pack's aspect_model field); every other record is read
// by Config.AspectModel. The named models are loaded when the engine starts, from the packs
// loaded then; a pack loaded later that names a model the engine did not load is read by
// the default aspect model. Config.AspectModel "-" turns every aspect model off.

// openPackAspectModels loads the aspect models the packs of g name (other than the default).
func (e *Engine) openPackAspectModels(cfg Config, g *kg.Graph, opt model.Options) error {
	if cfg.AspectModel == "-" {
		return nil
	}
	for _, in := range g.Industries() {
		name := g.AspectModel(in.ID)
		if name == "" || name == cfg.AspectModel || e.packAspects[name] != nil {
			continue
		}
		dir := filepath.Join(cfg.ModelsDir, name)
		if _, err := os.Stat(filepath.Join(dir, "model.onnx")); err != nil {
			return fmt.Errorf("industry %s names aspect model %q: no model.onnx in %s (install it, or remove aspect_model from the pack)", in.ID, name, dir)
		}
		m, err := loadAspectModel(dir, opt)
		if err != nil {
			return fmt.Errorf("industry %s aspect model: %w", in.ID, err)
		}
		if e.packAspects == nil {
			e.packAspects = map[string]*aspectModel{}
		}
		e.packAspects[name] = m
	}
	return nil
}

// aspectFor is the aspect model that reads records of industry (nil: none).
func (e *Engine) aspectFor(g *kg.Graph, industry string) *aspectModel {
	if m := e.packAspects[g.AspectModel(industry)]; m != nil {
		return m
	}
	return e.aspect
}

// packAspectModels are the loaded pack-named aspect models, sorted by folder name.
func (e *Engine) packAspectModels() []*aspectModel {
	names := make([]string, 0, len(e.packAspects))
	for n := range e.packAspects {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*aspectModel, len(names))
	for i, n := range names {
		out[i] = e.packAspects[n]
	}
	return out
}

// extractRouted runs on each text the aspect model of its record's industry (industries[i]
// for texts[i]), each model on its own texts in one call, and returns the triplets in
// texts' order (nil when no text has a model).
func (e *Engine) extractRouted(ctx context.Context, g *kg.Graph, texts []string, industries []string) ([][]Aspect, error) {
	if len(e.packAspects) == 0 {
		if e.aspect == nil {
			return nil, nil
		}
		return e.aspect.extract(ctx, texts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
	}
	groups := map[*aspectModel][]int{}
	var order []*aspectModel
	for i := range texts {
		m := e.aspectFor(g, industries[i])
		if m == nil {
			continue
		}
		if _, ok := groups[m]; !ok {
			order = append(order, m)
		}
		groups[m] = append(groups[m], i)
	}
	if len(order) == 0 {
		return nil, nil
	}
	out := make([][]Aspect, len(texts))
	for _, m := range order {
		idx := groups[m]
		sub := make([]string, len(idx))
		for k, i := range idx {
			sub[k] = texts[i]
		}
		res, err := m.extract(ctx, sub, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
		if err != nil {
			return nil, err
		}
		for k, i := range idx {
			out[i] = res[k]
		}
	}
	return out, nil
}

// aspectVersions adds the pack-named aspect models to Versions: "aspect_model.<industry>".
func (e *Engine) aspectVersions(v map[string]string) {
	g := e.store.Graph()
	for _, in := range g.Industries() {
		if m := e.packAspects[g.AspectModel(in.ID)]; m != nil {
			v["aspect_model."+in.ID] = m.m.Name() + " " + m.m.Card().Version
		}
	}
}
