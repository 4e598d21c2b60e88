package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tingzhen/tingzhen/bench"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/model"
)

// writeASTELosses writes the validation carve's gold triplets that the aspect model alone
// had right and analyze lost (then the ones analyze gained), one JSON object a line, and a
// summary by kind to stderr. Only for --aste-part val: the dev split's items are not read.
func writeASTELosses(ctx context.Context, e *engine.Engine, home string, opt model.Options, ds *bench.Dataset, path string) error {
	r, err := model.Open(filepath.Join(home, "models", "aspect-zh"), opt)
	if err != nil {
		return fmt.Errorf("open model aspect-zh: %w", err)
	}
	defer r.Close()
	rep, err := bench.ASTELosses(ctx, e, r, ds)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for _, l := range append(rep.Losses, rep.Gains...) {
		if err := enc.Encode(l); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	fmt.Fprintf(os.Stderr, "aste losses: model right %d, product right %d, both %d; lost %d %v, gained %d → %s\n",
		rep.ModelRight, rep.ProductRight, rep.Both, len(rep.Losses), rep.Kinds, len(rep.Gains), path)
	return nil
}
