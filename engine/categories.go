package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/model"
)

// The category classifiers: at most one per industry (its card's industry field), each
// run once per record of its industry (categorize). category-car decides automotive's
// record-level indicators; a model whose card says category_role: add may only add
// indicators no mention covers (mention.Policy.CategoryAdd*).

// Category roles (the card's category_role).
const (
	categoryDecide = "decide"
	categoryAdd    = "add"
)

// categoryModel is one aspect-category classifier (category-car: ten car dimensions ×
// absent/negative/neutral/positive).
type categoryModel struct {
	m        *model.Model
	labels   []string // dimension names, in output order
	industry string   // industry whose records it runs on
	presence float64  // the card's decoding.threshold (0: the mention policy's default)
	role     string   // categoryDecide or categoryAdd
}

func (c *categoryModel) model() *model.Model {
	if c == nil {
		return nil
	}
	return c.m
}

// loadCategoryModel loads one category model; a folder without model.onnx means "no
// model" (nil, nil). A card without industry is read as automotive (category-car's cards
// before session 11 named none).
func loadCategoryModel(dir string, opt model.Options) (*categoryModel, error) {
	if ok, err := optional(dir); err != nil || !ok {
		return nil, err // optional: the engine works without it
	}
	m, err := model.Open(dir, opt)
	if err != nil {
		return nil, err
	}
	card := m.Card()
	c := &categoryModel{m: m, industry: "automotive", presence: card.Threshold, labels: card.Dimensions, role: categoryDecide}
	if len(c.labels) == 0 {
		c.labels = card.Labels
	}
	if card.Industry != "" {
		c.industry = card.Industry
	}
	switch card.CategoryRole {
	case "", categoryDecide:
	case categoryAdd:
		c.role = categoryAdd
	default:
		m.Close()
		return nil, fmt.Errorf("load model %s: category_role %q, want decide or add", m.Name(), card.CategoryRole)
	}
	if len(c.labels) == 0 {
		m.Close()
		return nil, fmt.Errorf("load model %s: model.yaml lists no dimensions", m.Name())
	}
	return c, nil
}

// categoryModelNames is the list of category model folders cfg asks for (Config.CategoryModels).
func categoryModelNames(cfg Config) ([]string, error) {
	if cfg.CategoryModels != nil {
		var out []string
		for _, n := range cfg.CategoryModels {
			if n = strings.TrimSpace(n); n != "" && n != "-" {
				out = append(out, n)
			}
		}
		return out, nil
	}
	if cfg.CategoryModel == "-" {
		return nil, nil
	}
	out := []string{cfg.CategoryModel}
	ents, err := os.ReadDir(cfg.ModelsDir)
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("category models: %w", err)
	}
	for _, d := range ents {
		n := d.Name()
		if !strings.HasPrefix(n, "category-") || n == cfg.CategoryModel {
			continue
		}
		ok, err := optional(filepath.Join(cfg.ModelsDir, n))
		if err != nil {
			return nil, fmt.Errorf("category models: %w", err)
		}
		if ok {
			out = append(out, n)
		}
	}
	sort.Strings(out[1:])
	return out, nil
}

// openCategoryModels loads the category models of cfg, at most one per industry. A name
// given explicitly (CategoryModel other than its default, or any of CategoryModels) must
// be installed.
func openCategoryModels(cfg Config, opt model.Options) ([]*categoryModel, error) {
	names, err := categoryModelNames(cfg)
	if err != nil {
		return nil, err
	}
	var out []*categoryModel
	closeAll := func() {
		for _, c := range out {
			c.m.Close()
		}
	}
	byIndustry := map[string]string{}
	for i, name := range names {
		// Explicit: every name of CategoryModels; of the default list, CategoryModel (the
		// others are found in ModelsDir).
		explicit := cfg.CategoryModels != nil || i == 0
		def := defaultCategoryModel
		if cfg.CategoryModels != nil {
			def = ""
		}
		if err := checkOptionalModel("category", cfg.ModelsDir, name, def); err != nil {
			closeAll()
			return nil, err
		}
		c, err := loadCategoryModel(filepath.Join(cfg.ModelsDir, name), opt)
		if err != nil {
			closeAll()
			return nil, err
		}
		if c == nil {
			continue
		}
		if prev, ok := byIndustry[c.industry]; ok {
			c.m.Close()
			if !explicit {
				continue // a folder found in ModelsDir yields to the named model of its industry
			}
			closeAll()
			return nil, fmt.Errorf("category models %s and %s both read industry %s (one per industry; set CategoryModels)", prev, name, c.industry)
		}
		byIndustry[c.industry] = name
		out = append(out, c)
	}
	return out, nil
}

// categoryVersions adds the category models to Versions: category_model for automotive's
// (the key it always had), category_model_<industry> for the others.
func (e *Engine) categoryVersions(v map[string]string) {
	for _, c := range e.categories {
		key := "category_model"
		if c.industry != "automotive" {
			key += "_" + c.industry
		}
		v[key] = c.m.Name() + " " + c.m.Card().Version
	}
}

// categoryOut is a category model's output for one record.
type categoryOut struct {
	model *categoryModel
	dims  []mention.CategoryDim
	sents [][]mention.CategoryDim // per sentence, where the model ran on each (categoryimplicit.go)
}

// categorize runs each record's industry's category classifier once per record (an
// add-only model: only records with no Role or the customer's): on the whole text when it
// fits the model window, else on each sentence, keeping per dimension
// the sentence where it is most present. A zero categoryOut for records of an industry
// without one.
func (e *Engine) categorize(ctx context.Context, recs []*record) ([]categoryOut, error) {
	out := make([]categoryOut, len(recs))
	for _, c := range e.categories {
		var texts []string
		var owner, sent []int // sent: the sentence index, -1 for the whole record
		for ri, r := range recs {
			if r.industry != c.industry || (c.role == categoryAdd && !insights.Customer(r.in.Role)) {
				continue // an add-only model reads the customer's voice only, never an agent's or system turn
			}
			if max := c.m.MaxLen() - 2; max <= 0 || r.norm.Runes() <= max || len(r.sents) <= 1 {
				texts, owner, sent = append(texts, r.norm.Text), append(owner, ri), append(sent, -1)
				continue
			}
			for si, s := range r.sents {
				texts, owner, sent = append(texts, s.Text), append(owner, ri), append(sent, si)
			}
		}
		if len(texts) == 0 {
			continue
		}
		_, rows, err := c.m.Run(ctx, texts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
		if err != nil {
			return nil, err
		}
		labels := c.labels
		for j, row := range rows {
			probs := row[c.m.Output()]
			if len(probs) != len(labels)*4 {
				continue
			}
			ri := owner[j]
			if out[ri].dims == nil {
				out[ri] = categoryOut{model: c, dims: make([]mention.CategoryDim, len(labels))}
				for d, name := range labels {
					out[ri].dims[d] = mention.CategoryDim{Name: name, Probs: [4]float32{1, 0, 0, 0}}
				}
			}
			if si := sent[j]; si >= 0 {
				if out[ri].sents == nil {
					out[ri].sents = make([][]mention.CategoryDim, len(recs[ri].sents))
				}
				out[ri].sents[si] = dimsOf(labels, probs)
			}
			for d := range labels {
				var p [4]float32
				copy(p[:], probs[d*4:d*4+4])
				if p[0] < out[ri].dims[d].Probs[0] { // more present here
					out[ri].dims[d].Probs = p
				}
			}
		}
	}
	return out, nil
}
