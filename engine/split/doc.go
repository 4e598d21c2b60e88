// Package split cuts normalised text into sentences, and sentences that are too long into
// clause-sized pieces, with code-point offsets.
//
// Sentences end at 。！？!?；;… and at line breaks already turned into spaces by normalize.
// A sentence longer than Options.MaxRunes is cut at clause punctuation (，,、：:) and spaces;
// a piece still too long — typical of ASR output with no punctuation at all — is cut before
// discourse markers (但是, 然后, 而且, 不过 …), after sentence-final particles (了, 吧, 啊 …),
// and as a last resort at MaxRunes. Nothing is dropped: concatenating the pieces (plus the
// spaces between them) gives back the text.
package split
