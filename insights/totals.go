package insights

import "github.com/tingzhen/tingzhen/kg"

// Totals are one group's counted mentions by point and polarity: the counts behind "how
// many pains did indicator X get", in a job's summary (Group) and in the counters' query
// results (Counts).
type Totals struct {
	Mentions int64 `json:"mentions"`
	Pain     int64 `json:"pain"`
	Itch     int64 `json:"itch"`
	Pleasure int64 `json:"pleasure"`
	Positive int64 `json:"positive"`
	Negative int64 `json:"negative"`
	Neutral  int64 `json:"neutral"`
}

// Add counts one mention: its point (pain|itch|pleasure; anything else counts only as a
// mention) and polarity (positive|negative; anything else, "" included, counts as
// neutral, as a job summary always has).
func (t *Totals) Add(point, polarity string) {
	t.Mentions++
	switch point {
	case kg.PointPain:
		t.Pain++
	case kg.PointItch:
		t.Itch++
	case kg.PointPleasure:
		t.Pleasure++
	}
	switch polarity {
	case "positive":
		t.Positive++
	case "negative":
		t.Negative++
	default:
		t.Neutral++
	}
}

// Point returns the count of a point kind (pain|itch|pleasure) or polarity
// (negative|neutral|positive); 0 for anything else.
func (t Totals) Point(p string) int64 {
	switch p {
	case "pain":
		return t.Pain
	case "itch":
		return t.Itch
	case "pleasure":
		return t.Pleasure
	case "negative":
		return t.Negative
	case "positive":
		return t.Positive
	case "neutral":
		return t.Neutral
	}
	return 0
}

// Net is (positive − negative) / mentions, 0 without mentions.
func (t Totals) Net() float64 {
	if t.Mentions == 0 {
		return 0
	}
	return float64(t.Positive-t.Negative) / float64(t.Mentions)
}

func (t *Totals) add(o Totals) {
	t.Mentions += o.Mentions
	t.Pain += o.Pain
	t.Itch += o.Itch
	t.Pleasure += o.Pleasure
	t.Positive += o.Positive
	t.Negative += o.Negative
	t.Neutral += o.Neutral
}
