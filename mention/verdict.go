package mention

// VerdictOf is an indicator's verdict from its customer mentions alone, for a record that
// carries none of its own for it (Indicators: a call, a record counted before verdicts
// existed): the polarity is the sign of net (positive mentions − negative ones), neutral
// when 0; the point is the winning side's (pain when negative and a mention is a pain,
// pleasure when positive and a mention is a pleasure), else itch when a mention is an itch,
// else none.
func VerdictOf(net int, pain, pleasure, itch bool) (polarity, point string) {
	polarity = Neutral
	switch {
	case net < 0:
		polarity = Negative
		if pain {
			point = PointPain
		}
	case net > 0:
		polarity = Positive
		if pleasure {
			point = PointPleasure
		}
	}
	if point == "" && itch {
		point = PointItch
	}
	return polarity, point
}
