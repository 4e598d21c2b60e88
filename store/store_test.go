package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/kg"
)

// readShop reads the shop pack fixture, which package kg's tests parse too.
func readShop(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "kg", "testdata", "packs", "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// packDir writes the shop fixture (optionally changed) into a fresh folder.
func packDir(t *testing.T, src []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "shop.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func openStore(t *testing.T, dir, packs string) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{Dir: dir, PacksDir: packs})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestLoadIdempotentAndReload(t *testing.T) {
	ctx := context.Background()
	dbDir := t.TempDir()
	src := readShop(t)
	pd := packDir(t, src)
	s := openStore(t, dbDir, pd)
	defer s.Close()
	if got := s.Graph().Industries(); len(got) != 1 || got[0].Version != 1 || got[0].Hash != kg.HashPack(src) {
		t.Fatalf("industries after open = %+v", got)
	}

	// Second load: nothing written.
	before := s.db.MaxVersion()
	rep, err := s.LoadPacks(ctx, pd)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Count("unchanged") != 1 || rep.Count("loaded") != 0 {
		t.Fatalf("second load report = %+v", rep)
	}
	if after := s.db.MaxVersion(); after != before {
		t.Fatalf("second load wrote to Badger: max version %d → %d", before, after)
	}
	g1 := s.Graph()

	// A bad pack is rejected with file:line and the loaded version stays.
	bad := []byte(strings.Replace(string(src), "version: 1\n", "version: 2\n", 1))
	bad = []byte(strings.Replace(string(bad), "    stage: delivery\n", "    stage: shipping\n", 1))
	os.WriteFile(filepath.Join(pd, "shop.yaml"), bad, 0o644)
	rep, err = s.LoadPacks(ctx, pd)
	if err == nil || !strings.Contains(err.Error(), "shop.yaml:") || !strings.Contains(err.Error(), `unknown stage "shipping"`) {
		t.Fatalf("bad pack error = %v", err)
	}
	if rep.Count("rejected") != 1 || s.Graph() != g1 || s.Graph().Industries()[0].Version != 1 {
		t.Fatalf("bad pack replaced the loaded one: %+v", rep)
	}
	if _, ok := s.Graph().MapAspect("shop", "物流很慢", "物流", "慢"); !ok {
		t.Fatal("previous version no longer maps")
	}

	// Version 2 with a new term loads and takes effect.
	v2 := []byte(strings.Replace(string(src), "version: 1\n", "version: 2\n", 1))
	v2 = []byte(strings.Replace(string(v2), "terms: [质量, 做工, 材质, 品质]", "terms: [质量, 做工, 材质, 品质, 用料]", 1))
	os.WriteFile(filepath.Join(pd, "shop.yaml"), v2, 0o644)
	rep, err = s.LoadPacks(ctx, pd)
	if err != nil || rep.Count("loaded") != 1 || rep.Packs[0].PrevVersion != 1 {
		t.Fatalf("v2 load = %+v, %v", rep, err)
	}
	if m, ok := s.Graph().MapAspect("shop", "用料很扎实", "用料", "扎实"); !ok || m.AspectID != "quality" {
		t.Fatalf("v2 term not mapped: %+v", m)
	}
	// An older version is refused.
	os.WriteFile(filepath.Join(pd, "shop.yaml"), src, 0o644)
	if _, err := s.LoadPacks(ctx, pd); err == nil || !strings.Contains(err.Error(), "older than the loaded version 2") {
		t.Fatalf("older version error = %v", err)
	}
	vs, err := s.Versions(ctx, "shop")
	if err != nil || len(vs) != 2 || vs[0].Version != 1 || vs[1].Version != 2 {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	s.Close()

	// Reopen without PacksDir: version 2 comes back from Badger.
	s2 := openStore(t, dbDir, "")
	defer s2.Close()
	if got := s2.Graph().Industries(); len(got) != 1 || got[0].Version != 2 {
		t.Fatalf("after reopen = %+v", got)
	}
	// Open with a bad pack dir is not fatal by default, fatal when strict.
	os.WriteFile(filepath.Join(pd, "shop.yaml"), bad, 0o644)
	s2.Close()
	s3, err := Open(ctx, Options{Dir: dbDir, PacksDir: pd})
	if err != nil {
		t.Fatalf("non-strict open failed: %v", err)
	}
	if s3.Graph().Industries()[0].Version != 2 {
		t.Fatal("version 2 not in effect after a rejected pack at open")
	}
	s3.Close()
	if _, err := Open(ctx, Options{Dir: dbDir, PacksDir: pd, StrictPacks: true}); err == nil {
		t.Fatal("strict open accepted a bad pack")
	}
}

func TestDuplicateIndustryAcrossFiles(t *testing.T) {
	pd := packDir(t, readShop(t))
	os.WriteFile(filepath.Join(pd, "shop2.yaml"), readShop(t), 0o644)
	s, err := Open(context.Background(), Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := s.LoadPacks(context.Background(), pd)
	if err == nil || !strings.Contains(err.Error(), `industry "shop" already defined by shop.yaml`) || rep.Count("loaded") != 1 {
		t.Fatalf("duplicate industry: %+v, %v", rep, err)
	}
}

func TestAddTermIndicatorExport(t *testing.T) {
	ctx := context.Background()
	dbDir := t.TempDir()
	s := openStore(t, dbDir, packDir(t, readShop(t)))
	g0 := s.Graph()
	if _, ok := g0.MapAspect("shop", "配送时效一般", "配送时效", "一般"); ok {
		t.Fatal("配送时效 already known")
	}
	if err := s.RecordCandidate(ctx, "shop", "配送时效", "配送时效一般"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTerm(ctx, "shop", "delivery_speed", "配送时效"); err != nil {
		t.Fatal(err)
	}
	m, ok := s.Graph().MapAspect("shop", "配送时效一般", "配送时效", "一般")
	if !ok || m.AspectID != "delivery_speed" || m.Confidence < 0.9 {
		t.Fatalf("added term not in effect: %+v", m)
	}
	if g0.FindTerms("shop", "配送时效") != nil {
		t.Fatal("old snapshot changed: snapshots must be immutable")
	}
	if c, _ := s.Candidates(ctx, "shop", 0); len(c) != 0 {
		t.Fatalf("candidate not removed after add: %+v", c)
	}
	// Re-adding is a no-op; bad input is refused.
	if err := s.AddTerm(ctx, "shop", "delivery_speed", "配送时效"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][3]string{{"shop", "nope", "词"}, {"nope", "delivery_speed", "词"}, {"shop", "delivery_speed", " "}, {"shop", "delivery_speed", strings.Repeat("长", 40)}} {
		if err := s.AddTerm(ctx, bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("AddTerm%v accepted", bad)
		}
	}
	// Indicators.
	spec := kg.IndicatorSpec{ID: "delivery_accuracy", Name: "配送准确", Touchpoint: "courier", Parent: "delivery_quality"}
	if err := s.AddIndicator(ctx, "shop", spec); err != nil {
		t.Fatal(err)
	}
	if x, ok := s.Graph().Indicator("shop", "delivery_accuracy"); !ok || x.Department != "logistics" {
		t.Fatalf("added indicator = %+v %v", x, ok)
	}
	for _, bad := range []kg.IndicatorSpec{
		{ID: "delivery_accuracy", Name: "重复", Touchpoint: "courier"},
		{ID: "x1", Name: "无触点", Touchpoint: "nope"},
		{ID: "x2", Name: "坏父", Touchpoint: "courier", Parent: "nope"},
		{ID: "Bad-ID", Name: "坏", Touchpoint: "courier"},
		{ID: "x3", Name: "", Touchpoint: "courier"},
	} {
		if err := s.AddIndicator(ctx, "shop", bad); err == nil {
			t.Errorf("AddIndicator(%+v) accepted", bad)
		}
	}
	// Export → parse → same effective pack.
	var buf bytes.Buffer
	if err := s.Export(ctx, "shop", &buf); err != nil {
		t.Fatal(err)
	}
	p, err := kg.ParsePack("export.yaml", buf.Bytes())
	if err != nil {
		t.Fatalf("export does not parse: %v", err)
	}
	if !strings.Contains(buf.String(), "配送时效") || len(p.Indicators) != 6 {
		t.Fatalf("export lacks the additions:\n%s", buf.String())
	}
	s.Close()

	// Survives reopen.
	s2 := openStore(t, dbDir, "")
	defer s2.Close()
	if m, ok := s2.Graph().MapAspect("shop", "配送时效一般", "配送时效", "一般"); !ok || m.AspectID != "delivery_speed" {
		t.Fatalf("added term lost on reopen: %+v", m)
	}
	if _, ok := s2.Graph().Indicator("shop", "delivery_accuracy"); !ok {
		t.Fatal("added indicator lost on reopen")
	}
}

func TestCandidates(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir(), packDir(t, readShop(t)))
	defer s.Close()
	texts := []struct{ term, ex string }{
		{"骑手", "骑手送错地址了"}, {"骑手", "骑手态度很好"}, {"骑手", "骑手迟到半小时"}, {"骑手", "骑手没打电话"},
		{"保质期", "保质期太短"}, {"物流", "物流很快"}, // known → ignored
	}
	for _, x := range texts {
		if err := s.RecordCandidate(ctx, "shop", x.term, x.ex); err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.Candidates(ctx, "shop", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != 2 || c[0].Term != "骑手" || c[0].Count != 4 || len(c[0].Examples) != maxExamples || c[0].Examples[2] != "骑手没打电话" || c[1].Count != 1 {
		t.Fatalf("candidates = %+v", c)
	}
	if c, _ := s.Candidates(ctx, "shop", 1); len(c) != 1 {
		t.Fatalf("limit ignored: %d", len(c))
	}
	if err := s.RecordCandidate(ctx, "../x", "词", ""); err == nil {
		t.Fatal("bad industry accepted")
	}
}

const crashEnv = "KG_CRASH_CHILD_DIR"

// TestCrashChild is the child half of TestCrashRecovery: it writes, signals, and waits to
// be killed without Close.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("child process of TestCrashRecovery only")
	}
	ctx := context.Background()
	s, err := Open(ctx, Options{Dir: filepath.Join(dir, "db"), PacksDir: filepath.Join(dir, "packs")})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddTerm(ctx, "shop", "delivery_speed", "配送效率"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		if err := s.RecordCandidate(ctx, "shop", "骑手", "骑手迟到"); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "written"), []byte("ok"), 0o644)
	time.Sleep(time.Minute) // killed long before this
}

func TestCrashRecovery(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("in child")
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "packs"), 0o755)
	os.WriteFile(filepath.Join(dir, "packs", "shop.yaml"), readShop(t), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "written")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("child did not write in time:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed by SIGKILL: %v\n%s", err, out.String())
	}
	s, err := Open(context.Background(), Options{Dir: filepath.Join(dir, "db")})
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer s.Close()
	if m, ok := s.Graph().MapAspect("shop", "配送效率低", "配送效率", "低"); !ok || m.AspectID != "delivery_speed" {
		t.Fatalf("added term lost after crash: %+v", m)
	}
	if c, _ := s.Candidates(context.Background(), "shop", 0); len(c) != 1 || c[0].Term != "骑手" || c[0].Count != 50 {
		t.Fatalf("candidates after crash = %+v", c)
	}
}

func TestOpenOptions(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, Options{}); err == nil {
		t.Fatal("Open without Dir or InMemory succeeded")
	}
	if _, err := Open(ctx, Options{InMemory: true, PacksDir: filepath.Join(t.TempDir(), "missing")}); err == nil {
		t.Fatal("Open with a missing PacksDir succeeded")
	}
	s, err := Open(ctx, Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if g := s.Graph(); len(g.Industries()) != 0 || g.FindTerms("", "物流") != nil {
		t.Fatal("empty store has industries")
	}
	if id, conf := s.Graph().InferIndustry("物流很慢"); id != "" || conf != 0 {
		t.Fatal("empty store inferred an industry")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.RecordCandidate(cctx, "shop", "骑手", ""); err == nil {
		t.Fatal("RecordCandidate ignored a cancelled context")
	}
	if _, err := s.Candidates(cctx, "", 0); err == nil {
		t.Fatal("Candidates ignored a cancelled context")
	}
}
