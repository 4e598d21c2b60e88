package bench

import "sync"

// traces gathers the samples a mention policy's trace hands over (ArbiterTrace,
// VerifierTrace, IndVerifyTrace), per key (safe for concurrent use); ArbiterCollector,
// VerifierCollector and IndVerifyCollector are one each. The zero value is ready.
type traces[K comparable, S any] struct {
	mu sync.Mutex
	by map[K][]S
}

// add records s under k.
func (t *traces[K, S]) add(k K, s S) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.by == nil {
		t.by = map[K][]S{}
	}
	t.by[k] = append(t.by[k], s)
}

// reset forgets every sample (before the next file is analysed).
func (t *traces[K, S]) reset() {
	t.mu.Lock()
	t.by = map[K][]S{}
	t.mu.Unlock()
}
