package adapt

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Split divides rows into a training part and a held-out part of about frac of each label
// (stratified): per label, the rows are shuffled with a generator seeded by seed and
// round(n·frac) of them, at least one and at most n−1 when the label has two or more rows,
// are held out. The same rows, frac and seed give the same parts; both keep file order.
func Split(rows []Row, frac float64, seed uint64) (train, test []Row) {
	byLabel := map[string][]int{}
	for i, r := range rows {
		byLabel[r.Label] = append(byLabel[r.Label], i)
	}
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	held := make([]bool, len(rows))
	rng := rand.New(rand.NewPCG(seed, 0x7469_6e67_7a68_656e)) // "tingzhen"
	for _, l := range labels {
		idx := byLabel[l]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		k := int(math.Round(float64(len(idx)) * frac))
		if len(idx) >= 2 {
			k = min(max(k, 1), len(idx)-1)
		} else {
			k = 0
		}
		for _, i := range idx[:k] {
			held[i] = true
		}
	}
	for i, r := range rows {
		if held[i] {
			test = append(test, r)
		} else {
			train = append(train, r)
		}
	}
	return train, test
}
