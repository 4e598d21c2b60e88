package jobs

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/store"
)

// storeCounts reads what a job counted into the Badger store at data: the insights
// counters per day and the candidate terms' counts.
func storeCounts(t *testing.T, data string) (map[string]dayCount, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	store, err := store.Open(ctx, store.Options{Dir: data, PacksDir: "../knowledge-graph/industries"})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	st, err := insights.Open(store.DB(), insights.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	days := storeByDay(t, st, insights.Filter{})
	cs, err := store.Candidates(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	cands := map[string]int64{}
	for _, c := range cs {
		cands[c.Industry+"/"+c.Term] = c.Count
	}
	return days, cands
}

// TestKillResume20Counters: a job over real dated reviews that feeds the counters and the
// candidate terms is SIGKILLed 20 times at random points (during the engine's start, between
// a checkpoint and the counter update, anywhere) and resumed each time; at the end the
// insights counters per day and every candidate's count equal those of a straight run of
// the same job into a fresh store, exactly. (Before candidates were counted once per record
// id, the replay after a kill between a checkpoint and its counter update counted them
// again.)
func TestKillResume20Counters(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	dir := t.TempDir()
	src := string(readFile(t, datedFixture))
	header, rows, _ := strings.Cut(src, "\n")
	var b strings.Builder
	b.WriteString(header + "\n")
	for k := 0; k < 30; k++ {
		for _, row := range strings.Split(strings.TrimSpace(rows), "\n") {
			b.WriteString(fmt.Sprintf("k%d-%s\n", k, row))
		}
	}
	in := filepath.Join(dir, "dated.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(data, out string, kill func(*testing.T, string, chan error) bool) (killed bool) {
		t.Helper()
		t.Setenv(childDataEnv, data)
		spec := Spec{Inputs: []string{in}, Output: out, Industry: "ecommerce", RecordKG: true, ChunkSize: 16}
		cmd, stderr := startChild(t, spec)
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		if kill != nil && kill(t, out, exited) {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
		err := <-exited
		if kill == nil && err != nil {
			t.Fatalf("run to the end: %v %s", err, stderr)
		}
		return killed
	}
	// The straight run, into its own store.
	straightData, straightOut := filepath.Join(dir, "data1"), filepath.Join(dir, "out1")
	run(straightData, straightOut, nil)
	total := fileSize(filepath.Join(straightOut, ResultsFile))

	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d; results.jsonl of the straight run: %d bytes", seed, total)
	data, out := filepath.Join(dir, "data2"), filepath.Join(dir, "out2")
	results := filepath.Join(out, ResultsFile)
	const minKills = 8
	kills := 0
	for kills < 20 {
		// Kill after a random growth of results.jsonl (0 = while the engine starts), or
		// after a random delay: anywhere in the write / checkpoint / count cycle.
		// Both are kept small (at most 0.5 % of the output, 60 ms) so that 20 kills fit in
		// the job on a fast, quiet machine too; 60 ms still spans several 16-record
		// write / checkpoint / count cycles.
		grow := int64(rng.Intn(int(total / 200)))
		delay := time.Duration(rng.Intn(60)) * time.Millisecond
		if run(data, out, func(t *testing.T, out string, exited chan error) bool {
			if grow > 0 && !waitSize(t, nil, results, fileSize(results)+grow, exited) {
				return false
			}
			select {
			case err := <-exited:
				exited <- err
				return false
			case <-time.After(delay):
				return true
			}
		}) {
			kills++
			continue
		}
		// On a fast machine the random kills can carry the job to its end early; the
		// exactly-once checks below still hold, and at least minKills kills must have landed.
		if kills < minKills {
			t.Fatalf("the job finished after %d kills (fewer than %d); use a bigger input", kills, minKills)
		}
		t.Logf("the job finished after %d kills, before 20", kills)
		break
	}
	run(data, out, nil)
	t.Logf("%d kills; results.jsonl %d bytes", kills, fileSize(results))
	if a, b := readFile(t, filepath.Join(straightOut, ResultsFile)), readFile(t, results); string(a) != string(b) {
		t.Fatalf("results.jsonl differs after %d kills: %d vs %d bytes", kills, len(b), len(a))
	}
	wantDays, wantCands := storeCounts(t, straightData)
	gotDays, gotCands := storeCounts(t, data)
	sameDays(t, "straight run", wantDays, directByDay(t, straightOut))
	sameDays(t, fmt.Sprintf("after %d kills", kills), gotDays, wantDays)
	if len(wantCands) == 0 {
		t.Fatal("the straight run counted no candidate term: the test would prove nothing")
	}
	var over, n int64
	for k, w := range wantCands {
		n += w
		if g := gotCands[k]; g != w {
			over += g - w
			t.Errorf("candidate %s counted %d after kills, %d straight", k, g, w)
		}
	}
	for k, g := range gotCands {
		if _, ok := wantCands[k]; !ok {
			t.Errorf("candidate %s counted %d after kills, never straight", k, g)
		}
	}
	t.Logf("%d candidates, %d counts straight; after kills %+d", len(wantCands), n, over)
}
