package feeling

import (
	"fmt"
	"math"
)

// How a text longer than the sentiment model's window makes its one label (issue 19
// part 2). The engine cuts such a text into sentences; LongDoc says whether the document
// label comes from the sentences' probabilities (the old reading) or from windows of
// consecutive sentences packed up to the model window (Pack), and how the windows'
// probabilities combine (Combine).

// Long-document readings (Policy.LongDoc).
const (
	// LongSentences: the token-weighted mean of every sentence's probabilities.
	LongSentences = "sentences"
	// LongWindowMean: the length-weighted mean of the windows' probabilities.
	LongWindowMean = "window-mean"
	// LongWindowLogProb: the windows' length-weighted log-probabilities summed (a product
	// of the windows' readings), normalised.
	LongWindowLogProb = "window-logprob"
	// LongWindowLast: the length-weighted mean with the last window's weight multiplied by
	// Policy.LastWindowWeight (where a review's overall judgement usually stands).
	LongWindowLast = "window-last"
	// LongWindowFirst: the first window only (what a model truncating at its window reads).
	LongWindowFirst = "window-first"
)

// LongDocs lists the readings Policy.LongDoc accepts.
var LongDocs = []string{LongSentences, LongWindowMean, LongWindowLogProb, LongWindowLast, LongWindowFirst}

// CheckLongDoc returns an error naming the readings when m is not one ("" is the default).
func CheckLongDoc(m string) error {
	if m == "" {
		return nil
	}
	for _, x := range LongDocs {
		if m == x {
			return nil
		}
	}
	return fmt.Errorf("long-document reading %q: want one of %v", m, LongDocs)
}

// Windowed reports whether the policy reads long texts by windows (Pack, Combine).
func (p Policy) Windowed() bool { return p.LongDoc != LongSentences }

// Pack groups consecutive sentences into windows of at most max code points, measured
// from a window's first sentence start to its last sentence end (spans: [start, end)
// offsets, in order). It returns [first, last+1) sentence index ranges: the fewest windows
// possible, each sentence whole in one window, and among those the most even (the largest
// window as small as it can be), so that no window is a scrap. A sentence longer than max
// is a window of its own.
func Pack(spans [][2]int, max int) [][2]int {
	if len(spans) == 0 {
		return nil
	}
	fewest := len(greedy(spans, max))
	lo, hi := 1, max // the smallest cap giving the fewest windows
	for lo < hi {
		c := (lo + hi) / 2
		if len(greedy(spans, c)) <= fewest {
			hi = c
		} else {
			lo = c + 1
		}
	}
	return greedy(spans, lo)
}

// greedy fills each window with as many sentences as fit under c, from the left.
func greedy(spans [][2]int, c int) [][2]int {
	var out [][2]int
	for i := 0; i < len(spans); {
		j := i + 1
		for j < len(spans) && spans[j][1]-spans[i][0] <= c {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// Combine makes a document's probabilities (negative, neutral, positive) from its windows'
// probs, each weighted by its length lens (pieces or code points), with reading m (one of
// the window readings; LongSentences reads as LongWindowMean over what it is given).
// lastWeight is LongWindowLast's multiplier of the last window's weight.
func Combine(probs [][3]float32, lens []int, m string, lastWeight float32) [3]float32 {
	var out [3]float32
	if len(probs) == 0 {
		return [3]float32{0, 1, 0}
	}
	if m == LongWindowFirst {
		return probs[0]
	}
	w := func(i int) float64 {
		x := float64(lens[i])
		if m == LongWindowLast && i == len(probs)-1 && len(probs) > 1 {
			x *= float64(lastWeight)
		}
		return x
	}
	total := 0.0
	if m == LongWindowLogProb {
		var lp [3]float64
		for i, p := range probs {
			total += w(i)
			for k := range lp {
				lp[k] += w(i) * math.Log(math.Max(float64(p[k]), 1e-6))
			}
		}
		// the weighted geometric mean, normalised (a softmax of the mean log-probabilities)
		hi, sum := math.Inf(-1), 0.0
		for k := range lp {
			lp[k] /= total
			hi = math.Max(hi, lp[k])
		}
		for k := range lp {
			lp[k] = math.Exp(lp[k] - hi)
			sum += lp[k]
		}
		for k := range out {
			out[k] = float32(lp[k] / sum)
		}
		return out
	}
	var acc [3]float64
	for i, p := range probs {
		total += w(i)
		for k := range acc {
			acc[k] += w(i) * float64(p[k])
		}
	}
	if total <= 0 {
		return probs[len(probs)-1]
	}
	for k := range out {
		out[k] = float32(acc[k] / total)
	}
	return out
}
