package mention

import "testing"

// TestVerdictOf: the sign of the net count gives the polarity; the winning side's point,
// else an itch, else none.
func TestVerdictOf(t *testing.T) {
	f := func(net int, pain, pleasure, itch bool, wantPol, wantPoint string) {
		t.Helper()
		pol, point := VerdictOf(net, pain, pleasure, itch)
		if pol != wantPol || point != wantPoint {
			t.Errorf("VerdictOf(%d, pain %v, pleasure %v, itch %v) = %s/%q, want %s/%q", net, pain, pleasure, itch, pol, point, wantPol, wantPoint)
		}
	}
	f(-1, true, false, false, Negative, PointPain)
	f(-2, false, true, false, Negative, "")       // pleasure mentions lost the vote
	f(-1, false, true, true, Negative, PointItch) // no pain among them: the wish stays
	f(2, true, true, false, Positive, PointPleasure)
	f(1, true, false, false, Positive, "")
	f(0, true, true, false, Neutral, "")
	f(0, false, false, true, Neutral, PointItch)
	f(-1, true, false, true, Negative, PointPain) // pain wins over itch
}
