// Package layout holds no code: its tests check the repository's layout, so that the tree
// keeps showing the data path and a change has one place to go.
//
//   - Import direction: every Go package of the module has a layer (Layers, lowest first)
//     and imports only packages of its own layer or below; a package missing from the table
//     fails the test until it is placed.
//   - Call analysis sits above the engine: no package under engine/ is about calls or
//     transcripts, and none imports calls (tests and generators included).
//   - HTTP is the server's: no Go file of jobs/ or calls/ (tests included) imports fasthttp
//     or net/http.
//   - The aspect policy has one home, mention/: its word lists are only there, and no Go
//     file outside mention/ decides a point (pain, itch, pleasure).
//   - The README's layout section matches the folders: it names every package, and the
//     folders of its table and the steps of its "Data path:" line exist.
//
// The checks read the source with go/parser (every non-test file, whatever its build tags,
// except //go:build ignore generators; of those and of tests, only the imports), so they
// need neither cgo nor models.
package layout
