package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/model"
)

// TestCategoryModelCost: the model-alone CPU cost of add-only category models on the same
// texts, alternating. TINGZHEN_COST_INPUT is a jsonl of engine Inputs (e.g. reviews4k);
// every record is read as a record of the models' industry and gives the texts categorize
// would send (the whole text when it fits max_len, else its sentences); TINGZHEN_COST_MODELS
// names model folders (comma-separated; the first is the reference), TINGZHEN_COST_ROUNDS
// the rounds (default 5). Logs per model the median process CPU (user+sys) and wall time
// of Model.Run over all texts, and the ratio of the reference's CPU to each one's. Skips
// when unset.
func TestCategoryModelCost(t *testing.T) {
	path, list := os.Getenv("TINGZHEN_COST_INPUT"), os.Getenv("TINGZHEN_COST_MODELS")
	if path == "" || list == "" {
		t.Skip("TINGZHEN_COST_INPUT and TINGZHEN_COST_MODELS are not set")
	}
	rounds := 5
	if s := os.Getenv("TINGZHEN_COST_ROUNDS"); s != "" {
		if err := json.Unmarshal([]byte(s), &rounds); err != nil {
			t.Fatal(err)
		}
	}
	e, err := New(context.Background(), Config{Home: "..", ModelsDir: filepath.Join("..", "models"), CategoryModels: []string{}, IntraOpThreads: 1, InferWorkers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var models []*model.Model
	var names []string
	for _, dir := range strings.Split(list, ",") {
		m, err := model.Open(dir, model.Options{Home: "..", IntraOpThreads: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		models, names = append(models, m), append(names, dir)
	}
	max := models[0].MaxLen() - 2
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var in Input
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			t.Fatal(err)
		}
		in.Industry = "ecommerce"
		r := &record{in: in, res: &Result{}, docUnit: -1, overallUnit: -1}
		if err := e.prepare(r); err != nil {
			continue
		}
		if r.norm.Runes() <= max || len(r.sents) <= 1 {
			texts = append(texts, r.norm.Text)
			continue
		}
		for _, s := range r.sents {
			texts = append(texts, s.Text)
		}
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	ctx := context.Background()
	cpus := make([][]time.Duration, len(models))
	walls := make([][]time.Duration, len(models))
	for r := 0; r < rounds; r++ {
		for i, m := range models {
			c0, w0 := cpu(), time.Now()
			if _, _, err := m.Run(ctx, texts, 16, 1024); err != nil {
				t.Fatal(err)
			}
			cpus[i] = append(cpus[i], cpu()-c0)
			walls[i] = append(walls[i], time.Since(w0))
		}
	}
	med := func(d []time.Duration) time.Duration {
		s := append([]time.Duration(nil), d...)
		sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
		return s[len(s)/2]
	}
	t.Logf("%d texts (max_len of the first model %d), %d rounds", len(texts), max+2, rounds)
	ref := med(cpus[0])
	for i := range models {
		t.Logf("model %-40s cpu median %v wall median %v ref/cpu %.3f rounds %v", names[i], med(cpus[i]), med(walls[i]), float64(ref)/float64(med(cpus[i])), cpus[i])
	}
}
