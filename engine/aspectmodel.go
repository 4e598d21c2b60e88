package engine

import (
	"context"

	"github.com/tingzhen/tingzhen/engine/infer"
)

// aspectModel is the aspect/opinion triplet extractor (aspect-zh). Wired in when the model
// and its decoder (engine/aspect) are present.
type aspectModel struct {
	m *model
}

func loadAspectModel(dir string, opt infer.Options) (*aspectModel, error) {
	return nil, nil
}

func (a *aspectModel) close() error {
	if a == nil {
		return nil
	}
	return a.m.close()
}

func (a *aspectModel) extract(ctx context.Context, texts []string, maxBatch, maxTokens int) ([][]Aspect, error) {
	return nil, nil
}
