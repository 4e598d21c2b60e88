package engine

import (
	"github.com/tingzhen/tingzhen/mention"

	"github.com/tingzhen/tingzhen/recorderr"
)

// readNamed checks and normalises the record's named aspects (Input.Aspects) with the
// mention policy's limits; a bad list is the record's error (bad_aspects).
func readNamed(p *mention.NamedPolicy, r *record) *RecordError {
	if len(r.in.Aspects) == 0 {
		return nil
	}
	terms, err := p.NamedTerms(r.in.Aspects)
	if err != nil {
		return &RecordError{Code: recorderr.BadAspects, Message: err.Error()}
	}
	r.named = terms
	return nil
}
