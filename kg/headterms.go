package kg

import (
	"sort"
	"strings"
)

// SuffixTerm is one pack term that ends in a given suffix, with the places of the aspects
// it belongs to (several when the term is ambiguous).
type SuffixTerm struct {
	Term     string
	Mappings []Mapping
}

// TermsEndingIn returns the terms of industry (its id or Chinese name), in NormalizeTerm
// form, that end in suffix and are longer than it, sorted by term; nil for an unknown
// industry or an empty suffix. A lookup of the pack's term inventory only: which suffix to
// ask and what the answer decides belongs to the mention policy (mention/headmap.go).
func (g *Graph) TermsEndingIn(industry, suffix string) []SuffixTerm {
	in := g.industry(industry)
	suffix = normalize(suffix)
	if in == nil || suffix == "" {
		return nil
	}
	var out []SuffixTerm
	for t, asps := range in.terms {
		if len(t) <= len(suffix) || !strings.HasSuffix(t, suffix) {
			continue
		}
		st := SuffixTerm{Term: t, Mappings: make([]Mapping, len(asps))}
		for i, a := range asps {
			st.Mappings[i] = in.mappings[a]
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Term < out[j].Term })
	return out
}
