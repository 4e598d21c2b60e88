// Package normalize is the first stage of the pipeline: it turns raw customer text into clean
// text the later stages can trust, keeping a map from every output code point back to the
// code point of the original text it came from.
//
// It maps full-width ASCII (ＡＢＣ１２３！) to half-width, every Unicode space (U+3000,
// NBSP, U+2000–U+200A, …) to one ASCII space, drops control and zero-width format characters
// (except that newlines and tabs become spaces), collapses runs of spaces, and keeps emoji and
// kaomoji untouched because they carry sentiment. Invalid UTF-8 is either repaired
// (each bad byte becomes U+FFFD and a warning is returned) or rejected with ErrInvalidUTF8.
package normalize
