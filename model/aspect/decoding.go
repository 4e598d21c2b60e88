package aspect

// Decoding holds the decoder settings of a model card's decoding section (read by
// model.ParseCard, the one card parser).
type Decoding struct {
	AspectOutput  string
	OpinionOutput string
	PairOutput    string
	TagLabels     []string // must be O, B, I in some order
	PairLabels    []string // none + negative, neutral, positive
	ImplicitRow   int
	MinScore      float64
	// BareAspects: an aspect span that no emitted triplet uses is also returned, as a
	// Triplet with OpinionStart = OpinionEnd = -1, no polarity and Score = the mean
	// probability of the tags it was decoded from (the mention policy gives it an opinion and a polarity
	// from the clause). Default false: triplets only.
	BareAspects bool
	// OpinionTail is how model.Triplets ends an opinion after decoding: "" as decoded, or
	// "clause": an opinion whose clause goes on past it with no other span starting is
	// extended to its clause end (package model, opiniontail.go). A model trained with
	// opinion tails masked (training/train_aspect.py --silverspan-opinion-tail mask) was never
	// taught where an opinion stops inside its clause. Other values are refused by NewDecoder.
	OpinionTail string
}
