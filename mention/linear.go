package mention

import (
	"hash/fnv"
	"math"
)

// The arithmetic of the linear models with embedded JSON weights: the polarity arbiter
// (arbiter.go, multinomial), the mention verifier (verifier.go) and the indicator verifier
// (indverify.go), both binary logistic regressions. The mention verifier and the mention
// placer (placer.go) hash features with fnv32a.

// affine is bias + Σ w[i]·x[i] over the weights w (x at least as long): one logit.
func affine(bias float64, w, x []float64) float64 {
	z := bias
	for i, wi := range w {
		z += wi * x[i]
	}
	return z
}

// logistic is σ(bias + w·x), a binary logistic regression's probability.
func logistic(bias float64, w, x []float64) float64 {
	return 1 / (1 + math.Exp(-affine(bias, w, x)))
}

// finite reports whether x is a number (neither NaN nor infinite); the weights files refuse
// any other.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// fnv32a is the 32-bit FNV-1a hash of s: the hashed features of the mention verifier
// (its ind_h* buckets) and the mention placer (placerBucket).
func fnv32a(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
