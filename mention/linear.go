package mention

import "math"

// The arithmetic of the linear models with embedded JSON weights: the polarity arbiter
// (arbiter.go, multinomial), the mention verifier (verifier.go) and the indicator verifier
// (indverify.go), both binary logistic regressions.

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
