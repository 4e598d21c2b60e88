package mention

import (
	"reflect"
	"testing"
)

// Neighbouring-clause opinion (NeighbourPolicy): one line per case: Before, Skip, industry,
// sentence, its sentiment, then the mentions as term|opinion|polarity|point|indicator.
// Sentences written for the test.
func TestNeighbourOpinion(t *testing.T) {
	f := func(before bool, skip int, industry, text, sent string, want ...string) {
		t.Helper()
		p := defaultPolicy()
		p.Neighbour.Before, p.Neighbour.Skip = before, skip
		got := show(p.Plan(testGraph, industry, sentence(text, sent, 0.9)).Mentions(nil))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v %d %s\n got %q\nwant %q", before, skip, text, got, want)
		}
	}
	f(false, 0, "telecom", "郁闷，这个月流量只剩100M了", "negative")
	f(true, 0, "telecom", "郁闷，这个月流量只剩100M了", "negative", "流量|郁闷|negative|pain|流量额度")        // the comment comes first
	f(true, 0, "telecom", "网速很快，郁闷，这个月流量只剩100M了", "negative", "网速|很快|positive|pleasure|网速") // a term before could claim it forward
	f(false, 0, "hotel_travel", "那个古镇，到处都是新盖的房子，不喜欢", "negative")
	f(false, 1, "hotel_travel", "那个古镇，到处都是新盖的房子，不喜欢", "negative", "古镇|不喜欢|negative|pain|景区体验") // over one empty clause
}
