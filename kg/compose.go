package kg

// What package store needs to compose the packs it keeps with the terms and indicators added
// since, and to check what it is asked to add, without reaching into the graph's insides.

// MaxTermRunes is the longest term, in characters, a pack or an added term may hold.
const MaxTermRunes = maxTermRunes

// BuildGraph builds an immutable snapshot from validated packs; hashes maps industry id →
// the pack file's content hash (HashPack), nil for none.
func BuildGraph(packs []*Pack, hashes map[string]string) *Graph { return buildGraph(packs, hashes) }

// Clone returns a deep copy of p, so that a caller can extend it without touching shared data.
func (p *Pack) Clone() *Pack { return p.clone() }

// NormalizeTerm is the form in which terms are compared and looked up: spaces trimmed,
// full-width ASCII folded to ASCII and ASCII letters to lower case.
func NormalizeTerm(s string) string { return normalize(s) }

// ValidID reports whether id is a valid pack identifier (industry, aspect, indicator …):
// a lower-case ASCII letter, then lower-case letters, digits and underscores.
func ValidID(id string) bool { return idRe.MatchString(id) }

// KnowsTerm reports whether industry (its id or Chinese name) has term, compared in
// NormalizeTerm form, among the terms of any of its aspects.
func (g *Graph) KnowsTerm(industry, term string) bool {
	in := g.industry(industry)
	if in == nil {
		return false
	}
	_, ok := in.terms[normalize(term)]
	return ok
}

// AspectHasTerm reports whether the aspect aspectID of industry has term, compared in
// NormalizeTerm form.
func (g *Graph) AspectHasTerm(industry, aspectID, term string) bool {
	in := g.industry(industry)
	if in == nil {
		return false
	}
	ai, ok := in.asps[aspectID]
	return ok && containsInt32(in.terms[normalize(term)], int32(ai))
}
