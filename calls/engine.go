package calls

import (
	"context"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/engine/segment"
	"github.com/tingzhen/tingzhen/store"
)

// Engine is what call analysis needs of the text engine; *engine.Engine is one. Calls sit
// above the engine: they send every turn through Analyze, and the engine knows nothing of
// calls.
type Engine interface {
	// Analyze analyses a batch of texts (the turns of a call).
	Analyze(ctx context.Context, inputs []engine.Input) ([]engine.Result, error)
	// Config is the engine's configuration (time zone, model home).
	Config() engine.Config
	// KG is the knowledge-graph store: industry names and compliance rules.
	KG() *store.Store
	// Segmenter cuts words for the emotion lexicon.
	Segmenter() *segment.Segmenter
}

var _ Engine = (*engine.Engine)(nil)

// nilEngine reports whether e is nil, also when it holds a nil *engine.Engine.
func nilEngine(e Engine) bool {
	pe, ok := e.(*engine.Engine)
	return e == nil || (ok && pe == nil)
}
