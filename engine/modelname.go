package engine

import (
	"fmt"
	"os"
	"path/filepath"
)

// The optional models' default folder names (Config documents them).
const (
	defaultAspectModel   = "aspect-zh"
	defaultCategoryModel = "category-car"
	defaultPolarityModel = "polarity-zh"
)

// checkOptionalModel refuses an optional model (aspect, category, polarity) that the
// configuration names explicitly but that is not installed. The default name of a model
// that is absent means "this installation runs without it", as before; any other name
// that has no model.onnx is a typo or a missing install, and running silently without it
// would change every result.
func checkOptionalModel(kind, modelsDir, name, def string) error {
	if name == "-" || name == def {
		return nil
	}
	if _, err := os.Stat(filepath.Join(modelsDir, name, "model.onnx")); err != nil {
		return fmt.Errorf("%s model %q: no model.onnx in %s (name a folder of %s, or - to run without it)", kind, name, filepath.Join(modelsDir, name), modelsDir)
	}
	return nil
}
