package mention

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/tingzhen/tingzhen/engine/segment"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/store"
)

// The real graph (knowledge-graph/industries) and a real jieba segmenter with the graph's
// terms registered, as analyze has them.
var (
	testGraph *kg.Graph
	testSeg   *segment.Segmenter
)

func TestMain(m *testing.M) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{InMemory: true, PacksDir: "../knowledge-graph/industries", StrictPacks: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "mention tests: open graph:", err)
		os.Exit(1)
	}
	testGraph = st.Graph()
	testSeg, err = segment.New(segment.Options{CacheDir: os.TempDir() + "/tingzhen-test-cache", UserWords: append(testGraph.UserDictWords(), segment.ExtraWords()...)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "mention tests: jieba:", err)
		os.Exit(1)
	}
	code := m.Run()
	testSeg.Close()
	st.Close()
	os.Exit(code)
}

// sentence builds the policy input of one sentence: real jieba words, the given sentiment
// and aspect-model triplets.
func sentence(text, sentiment string, score float64, triplets ...Mention) Sentence {
	return Sentence{Text: text, Sentiment: sentiment, SentimentScore: score, Words: testSeg.Tag(text), Triplets: triplets}
}

// mentions runs the default policy on one sentence with no aspect-polarity model.
func mentions(industry string, s Sentence) []Mention {
	return defaultPolicy().Plan(testGraph, industry, s).Mentions(nil)
}

// triplet is an aspect-model triplet located by its strings in text (first occurrence).
func triplet(text, term, opinion, polarity string) Mention {
	rs := []rune(text)
	find := func(w string) (int, int) {
		if w == "" {
			return 0, 0
		}
		ws := []rune(w)
		for i := 0; i+len(ws) <= len(rs); i++ {
			if string(rs[i:i+len(ws)]) == w {
				return i, i + len(ws)
			}
		}
		panic("not in text: " + w)
	}
	m := Mention{Term: term, Opinion: opinion, Polarity: polarity, Confidence: 0.9, Source: SourceModel}
	m.Start, m.End = find(term)
	m.OpinionStart, m.OpinionEnd = find(opinion)
	return m
}

// show renders mentions as term|opinion|polarity|point|indicator, one per mention.
func show(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		ind := ""
		if m.KG != nil {
			ind = m.KG.Indicator
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s", m.Term, m.Opinion, m.Polarity, m.Point, ind))
	}
	return out
}

// defaultPolicy is a new DefaultPolicy() to call methods on, its industry evidence read
// with the test jieba as analyze reads it (IndustryCut).
func defaultPolicy() *Policy {
	p := DefaultPolicy()
	p.IndustryCut = testSeg.Cut
	return &p
}
