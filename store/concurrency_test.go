package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentUse reads snapshots while terms are added, and records one candidate term from
// several goroutines at once (Badger conflicts are retried): no lost increments, no races.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir(), packDir(t, readShop(t)))
	defer s.Close()
	const writers, perWriter = 4, 25
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				g := s.Graph()
				if _, ok := g.MapAspect("shop", "物流太慢了", "物流", "太慢了"); !ok {
					t.Error("mapping lost during updates")
					return
				}
				g.FindTerms("", "快递小哥把快递盒摔坏了")
			}
		}()
	}
	errs := make(chan error, writers+1)
	var ww sync.WaitGroup
	for w := 0; w < writers; w++ {
		ww.Add(1)
		go func() {
			defer ww.Done()
			for i := 0; i < perWriter; i++ {
				if err := s.RecordCandidate(ctx, "shop", "骑手", "骑手迟到了"); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	ww.Add(1)
	go func() {
		defer ww.Done()
		for i := 0; i < 10; i++ {
			if err := s.AddTerm(ctx, "shop", "delivery_speed", fmt.Sprintf("配送%d", i)); err != nil {
				errs <- err
				return
			}
		}
	}()
	ww.Wait()
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if c, err := s.Candidates(ctx, "shop", 0); err != nil || len(c) != 1 || c[0].Count != writers*perWriter {
		t.Fatalf("candidate counts = %+v, %v; want one with %d", c, err, writers*perWriter)
	}
	if m, ok := s.Graph().MapAspect("shop", "配送9很慢", "配送9", "慢"); !ok || m.AspectID != "delivery_speed" {
		t.Fatalf("last added term missing: %+v", m)
	}
}
