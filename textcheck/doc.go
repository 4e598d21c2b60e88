// Package textcheck says whether JSON text can be decoded without loss: bytes that are not
// UTF-8, or a lone UTF-16 surrogate escape (\ud800 …), both of which encoding/json would
// silently turn into U+FFFD. Readers of JSON (jobs/input, calls/parse, the server) call it
// so that such text is refused, never mangled. It imports nothing of the project, so any
// package may use it.
package textcheck
