package batch

import "sort"

// Batch is a group of item indices and the padded sequence length they run at.
type Batch struct {
	Items []int
	Seq   int
}

// maxSlack bounds padding inside a batch: a batch is closed when the next (longer) item
// would make its sequence length more than 25 % + 4 tokens above its shortest item. Padding
// costs the CNN linearly and a pair grid quadratically, so a run of similar lengths beats a
// bigger batch.
func maxSlack(shortest int) int { return shortest + shortest/4 + 4 }

// Plan sorts items by length and cuts them into batches of at most maxBatch items, at most
// maxTokens padded tokens (a single item longer than maxTokens runs alone) and similar
// lengths (see maxSlack). The order of items inside the returned batches is by length;
// callers scatter results back by index.
func Plan(lens []int, maxBatch, maxTokens int) []Batch {
	if len(lens) == 0 {
		return nil
	}
	if maxBatch <= 0 {
		maxBatch = 1
	}
	idx := make([]int, len(lens))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lens[idx[a]] < lens[idx[b]] })
	var out []Batch
	cur := Batch{}
	for _, i := range idx {
		l := lens[i]
		// Sorted ascending: adding i makes the batch's sequence length l.
		if len(cur.Items) > 0 && (len(cur.Items)+1 > maxBatch || (maxTokens > 0 && (len(cur.Items)+1)*l > maxTokens) || l > maxSlack(lens[cur.Items[0]])) {
			out = append(out, cur)
			cur = Batch{}
		}
		cur.Items = append(cur.Items, i)
		cur.Seq = l
	}
	if len(cur.Items) > 0 {
		out = append(out, cur)
	}
	return out
}
