package engine

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tingzhen/tingzhen/engine/infer"
)

// categoryModel is the optional aspect-category classifier (category-car: ten car
// dimensions × absent/negative/neutral/positive).
type categoryModel struct {
	m        *model
	labels   []string // dimension names, in output order
	industry string   // industry whose records it runs on
	presence float64  // the card's decoding.threshold (0: the mention policy's default)
}

func loadCategoryModel(dir string, opt infer.Options, workers int) (*categoryModel, error) {
	if _, err := os.Stat(filepath.Join(dir, "model.onnx")); os.IsNotExist(err) {
		return nil, nil // optional: the engine works without it
	}
	m, err := loadModel(dir, opt, workers)
	if err != nil {
		return nil, err
	}
	c := &categoryModel{m: m, industry: "automotive"}
	if dec, ok := m.card.raw["decoding"].(map[string]any); ok {
		if th, ok := dec["threshold"].(float64); ok && th > 0 && th < 1 {
			c.presence = th
		}
	}
	if v, ok := m.card.raw["dimensions"]; ok {
		c.labels = names(v)
	}
	if len(c.labels) == 0 {
		c.labels = m.card.Labels
	}
	if ind, ok := m.card.raw["industry"].(string); ok && ind != "" {
		c.industry = ind
	}
	if len(c.labels) == 0 {
		m.close()
		return nil, fmt.Errorf("load model %s: model.yaml lists no dimensions", m.name)
	}
	return c, nil
}

func (c *categoryModel) close() error {
	if c == nil {
		return nil
	}
	return c.m.close()
}
