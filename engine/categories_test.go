package engine

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCategoryModelNames: which category model folders a configuration asks for.
func TestCategoryModelNames(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"category-car", "category-ecommerce", "category-food_delivery", "category-empty", "sentiment-zh"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if d != "category-empty" { // a folder without model.onnx is not installed
			if err := os.WriteFile(filepath.Join(dir, d, "model.onnx"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	f := func(car string, list []string, want ...string) {
		t.Helper()
		got, err := categoryModelNames(Config{ModelsDir: dir, CategoryModel: car, CategoryModels: list})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("CategoryModel %q CategoryModels %q: %q, want %q", car, list, got, want)
		}
	}
	f("category-car", nil, "category-car", "category-ecommerce", "category-food_delivery")
	f("-", nil) // the sentiment-only settings load none
	f("category-ecommerce", nil, "category-ecommerce", "category-car", "category-food_delivery")
	f("category-car", []string{"-"}) // an explicit list of none
	f("category-car", []string{"category-food_delivery"}, "category-food_delivery")
	f("-", []string{" category-car ", "", "category-ecommerce"}, "category-car", "category-ecommerce")
}

// categoryHome is a models folder holding links to the repository's real sentiment model and
// the named category models (skips when one is not installed).
func categoryHome(t *testing.T, links map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	links["sentiment-zh"] = "sentiment-zh"
	for name, src := range links {
		abs, err := filepath.Abs(filepath.Join("..", "models", src))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(abs, "model.onnx")); err != nil {
			t.Skipf("models/%s is not installed", src)
		}
		if err := os.Symlink(abs, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCategoryModelPerIndustry: an explicit list naming two models of one industry is refused;
// a second folder of an industry found in ModelsDir yields to CategoryModel.
func TestCategoryModelPerIndustry(t *testing.T) {
	dir := categoryHome(t, map[string]string{"category-car": "category-car", "category-car2": "category-car"})
	cfg := Config{Home: "..", ModelsDir: dir, IntraOpThreads: 1, InferWorkers: 1, AspectModel: "-", PolarityModel: "-", ChatSentimentModel: "-"}
	bad := cfg
	bad.CategoryModels = []string{"category-car", "category-car2"}
	if e, err := New(context.Background(), bad); err == nil {
		e.Close()
		t.Fatal("two automotive category models: no error")
	} else if !strings.Contains(err.Error(), "both read industry automotive") {
		t.Fatalf("error %q does not name the industry", err)
	}
	e, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if len(e.categories) != 1 || e.categories[0].m.Name() != "category-car" || e.categories[0].role != categoryDecide {
		t.Fatalf("loaded %d category models, want category-car alone", len(e.categories))
	}
}

// TestTwoCategoryModels: category-car and an add-only model of another industry load side by
// side; each reads only its industry's records.
func TestTwoCategoryModels(t *testing.T) {
	for _, other := range []string{"category-ecommerce", "category-food_delivery"} {
		t.Run(other, func(t *testing.T) {
			dir := categoryHome(t, map[string]string{"category-car": "category-car", other: other})
			e, err := New(context.Background(), Config{Home: "..", ModelsDir: dir, IntraOpThreads: 1, InferWorkers: 1, AspectModel: "-", PolarityModel: "-", ChatSentimentModel: "-"})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			industry := strings.TrimPrefix(other, "category-")
			if c := e.categoryFor(industry); c == nil || c.role != categoryAdd || len(c.labels) == 0 {
				t.Fatalf("%s: no add-only model for %s", other, industry)
			}
			if c := e.categoryFor("automotive"); c == nil || c.m.Name() != "category-car" {
				t.Fatal("category-car is not automotive's model")
			}
			if v := e.Versions(); v["category_model"] == "" || v["category_model_"+industry] == "" {
				t.Errorf("versions %v", v)
			}
			texts := map[string]string{"ecommerce": "物流太慢了，等了一个星期才到，客服也不理人", "food_delivery": "外卖送得太慢了，饭都凉了，骑手态度也差"}
			var recs []*record
			for _, in := range []Input{{ID: "car", Text: "油耗有点高，空间很大", Industry: "automotive"}, {ID: "other", Text: texts[industry], Industry: industry}} {
				r := &record{in: in, res: &Result{}, docUnit: -1, overallUnit: -1}
				if err := e.prepare(r); err != nil {
					t.Fatalf("%s: %v", in.ID, err)
				}
				recs = append(recs, r)
			}
			if _, err := e.Analyze(context.Background(), []Input{recs[1].in}); err != nil {
				t.Fatal(err)
			}
			outs, err := e.categorize(context.Background(), recs)
			if err != nil {
				t.Fatal(err)
			}
			if outs[0].model == nil || outs[0].model.industry != "automotive" || len(outs[0].dims) != 10 {
				t.Errorf("car record: %+v", outs[0].model)
			}
			if outs[1].model == nil || outs[1].model.industry != industry || len(outs[1].dims) != len(outs[1].model.labels) {
				t.Errorf("%s record: %+v", industry, outs[1].model)
			}
			// an agent's turn is not read by the add-only model; the customer's is
			for role, want := range map[string]bool{RoleAgent: false, RoleCustomer: true} {
				recs[1].in.Role = role
				outs, err := e.categorize(context.Background(), recs[1:])
				if err != nil {
					t.Fatal(err)
				}
				if got := outs[0].model != nil; got != want {
					t.Errorf("role %s: categorized %v, want %v", role, got, want)
				}
			}
		})
	}
}

// categoryFor is the category model of an industry, nil when it has none (the engine itself
// walks e.categories; only tests and benchmarks ask by industry).
func (e *Engine) categoryFor(industry string) *categoryModel {
	for _, c := range e.categories {
		if c.industry == industry {
			return c
		}
	}
	return nil
}
