package engine

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// packsNaming copies the repository's packs into a temp folder where only the packs of the
// given industries name an aspect model (aspect_model: model).
func packsNaming(t *testing.T, model string, industries ...string) string {
	t.Helper()
	src := filepath.Join("..", "knowledge-graph", "industries")
	dir := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range ents {
		if !strings.HasSuffix(en.Name(), ".yaml") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, en.Name()))
		if err != nil {
			t.Fatal(err)
		}
		// The shipped packs' own aspect_model lines go: only the named industries get one.
		var keep []string
		for _, line := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(line, "aspect_model:") {
				keep = append(keep, line)
			}
		}
		b = []byte(strings.Join(keep, "\n"))
		for _, in := range industries {
			if en.Name() == in+".yaml" {
				s := string(b)
				i := strings.Index(s, "\nversion:")
				if i < 0 {
					t.Fatalf("%s: no version line", en.Name())
				}
				s = s[:i] + "\naspect_model: " + model + s[i:]
				b = []byte(s)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, en.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPackAspectModel: a pack that names an aspect model has its records read by that model,
// the others by the default; outputs come back in the records' order (the routed model here
// is the same weights under another name, so every result equals the unrouted engine's); a
// pack naming a model that is not installed is refused at start, naming the industry; with
// the aspect model off ("-") no pack model loads.
func TestPackAspectModel(t *testing.T) {
	models := categoryHome(t, map[string]string{"aspect-zh": "aspect-zh", "aspect-alt": "aspect-zh", "polarity-zh": "polarity-zh"})
	cfg := Config{Home: "..", ModelsDir: models, IntraOpThreads: 1, InferWorkers: 2, CategoryModels: []string{"-"}, ChatSentimentModel: "-"}
	plainCfg := cfg
	plainCfg.PacksDir = packsNaming(t, "")
	plain, err := New(context.Background(), plainCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	routed := cfg
	routed.PacksDir = packsNaming(t, "aspect-alt", "ecommerce", "telecom")
	e, err := New(context.Background(), routed)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	g := e.store.Graph()
	alt := e.packAspects["aspect-alt"]
	if alt == nil || alt == e.aspect {
		t.Fatalf("aspect-alt not loaded beside the default (%d pack models)", len(e.packAspects))
	}
	f := func(industry string, want *aspectModel) {
		t.Helper()
		if got := e.aspectFor(g, industry); got != want {
			t.Errorf("aspectFor(%q) = %p, want %p", industry, got, want)
		}
	}
	f("ecommerce", alt)
	f("telecom", alt)
	f("automotive", e.aspect)
	f("food_delivery", e.aspect)
	f("", e.aspect)
	f("no_such_industry", e.aspect)
	if v := e.Versions(); v["aspect_model.ecommerce"] == "" || v["aspect_model.automotive"] != "" {
		t.Errorf("Versions: aspect_model.ecommerce %q (want the routed card), aspect_model.automotive %q (want none)", v["aspect_model.ecommerce"], v["aspect_model.automotive"])
	}
	ins := []Input{
		{ID: "1", Text: "物流太慢了，包装倒是很结实。", Industry: "ecommerce"},
		{ID: "2", Text: "油耗有点高，空间很大，4S店服务态度很好。", Industry: "automotive"},
		{ID: "3", Text: "外卖送得很快，酸汤鱼很好吃。", Industry: "food_delivery"},
		{ID: "4", Text: "流量套餐太贵了，客服也不理人。"},
		{ID: "5", Text: "快递员态度差，手机屏幕有划痕。", Industry: "ecommerce"},
	}
	want, err := plain.Analyze(context.Background(), ins)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Analyze(context.Background(), ins)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ins {
		if !reflect.DeepEqual(got[i].Aspects, want[i].Aspects) {
			t.Errorf("record %s: routed aspects %+v, want %+v", ins[i].ID, got[i].Aspects, want[i].Aspects)
		}
	}
	if len(want[0].Aspects) == 0 {
		t.Error("record 1: no aspects at all (the comparison proves nothing)")
	}

	missing := plainCfg
	missing.PacksDir = packsNaming(t, "aspect-missing", "banking")
	if e2, err := New(context.Background(), missing); err == nil {
		e2.Close()
		t.Fatal("a pack naming a missing aspect model: no error")
	} else if !strings.Contains(err.Error(), "industry banking names aspect model \"aspect-missing\"") {
		t.Fatalf("error %q does not name the industry and model", err)
	}
	off := routed
	off.AspectModel = "-"
	e3, err := New(context.Background(), off)
	if err != nil {
		t.Fatal(err)
	}
	defer e3.Close()
	if len(e3.packAspects) != 0 || e3.aspect != nil {
		t.Errorf("aspect model off: %d pack models loaded", len(e3.packAspects))
	}
}
