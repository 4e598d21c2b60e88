package bench

import (
	"context"
	"time"

	"github.com/tingzhen/tingzhen/engine/segment"
)

// SegmentResult is the speed of one segmenter over a corpus of lines (best of Rounds).
type SegmentResult struct {
	Tool    string  `json:"tool"`
	HMM     bool    `json:"hmm"`
	Lines   int     `json:"lines"`
	Bytes   int     `json:"bytes"`
	Words   int     `json:"words"`
	Rounds  int     `json:"rounds"`
	Seconds float64 `json:"seconds"`  // best round
	MBps    float64 `json:"mb_per_s"` // 1 MB = 1e6 bytes
}

// Segment cuts every line with the engine's jieba segmenter (engine/segment: gojieba with
// the engine's embedded dictionaries, no user words) rounds times after one warm-up pass
// over the first 1,000 lines, and keeps the fastest round.
func Segment(ctx context.Context, lines []string, hmm bool, rounds int, cacheDir string) (*SegmentResult, error) {
	s, err := segment.New(segment.Options{CacheDir: cacheDir, NoHMM: !hmm})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	res := &SegmentResult{Tool: "tingzhen engine/segment (gojieba v1.4.7, cppjieba)", HMM: hmm, Lines: len(lines), Rounds: max(rounds, 1)}
	for _, l := range lines {
		res.Bytes += len(l)
	}
	for _, l := range lines[:min(len(lines), 1000)] {
		s.Cut(l)
	}
	for r := 0; r < res.Rounds; r++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		words := 0
		t0 := time.Now()
		for _, l := range lines {
			words += len(s.Cut(l))
		}
		sec := time.Since(t0).Seconds()
		if r == 0 || sec < res.Seconds {
			res.Seconds = sec
		}
		res.Words = words
	}
	res.MBps = float64(res.Bytes) / 1e6 / res.Seconds
	return res, nil
}
