package calls

import (
	"context"
	"testing"
)

// A call naming no industry is inferred with the text records' policy
// (mention.Policy.Industry): a weak inference, or none, reads it as e-commerce. Each line:
// a JDDC session of the fixtures, its first n turns (0: all), the industry wanted and the
// raw inference (Graph.InferIndustry) that the floor replaces, if any.
func TestCallIndustryFloor(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sessions := map[string]Call{}
	for _, c := range loadJDDCFixtures(t) {
		sessions[c.ID[:8]] = c
	}
	f := func(session string, n int, want string) {
		t.Helper()
		c := sessions[session]
		if n > 0 {
			c.Turns = c.Turns[:n]
		}
		res, err := a.Analyze(context.Background(), c)
		if err != nil {
			t.Fatalf("%s[:%d]: %v", session, n, err)
		}
		if res.Industry == nil || res.Industry.ID != want || !res.Industry.Inferred {
			t.Errorf("%s[:%d]: industry %+v, want %s (inferred)", session, n, res.Industry, want)
		}
	}
	f("9aef4148", 2, "ecommerce")    // 你好 / 您好: nothing detected (before: no industry)
	f("03c46b1a", 4, "ecommerce")    // banking at 0.111, below the floor (before: banking)
	f("0ef81ced", 0, "ecommerce")    // 退款, 鲜奶 …: ecommerce at 0.539
	f("03c46b1a", 0, "hotel_travel") // the whole call: hotel_travel at 0.314, above the floor
}
