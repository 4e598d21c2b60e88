// Package batch plans model runs: it groups sequences of similar length (length
// bucketing) into batches bounded by a count and by padded tokens (count × longest), so
// that each batch is padded only to its own longest sequence, never to the model's maximum.
package batch
