// Package kg is tingzhen's industry knowledge graph: it loads the YAML industry packs
// (knowledge-graph/industries/*.yaml, see its SCHEMA.md) into an embedded Badger store, builds an
// immutable in-memory snapshot (Graph) that maps aspect terms and implicit opinions onto
// Industry → JourneyStage → Touchpoint → Indicator → Aspect → Department, and keeps the
// candidate terms that the engine and the server write and query. Improvement
// tasks (from the packs' rules) are package tasks'. It is a lookup only: what a mention is,
// its polarity and its point are package mention's decisions.
//
// Its one job: know where a customer's words belong in an industry and remember how often
// they were said.
//
// Concurrency: a Graph is immutable and safe for any number of goroutines; Store swaps a new
// Graph in atomically whenever packs, terms or indicators change, so callers should fetch
// Store.Graph() per unit of work rather than keep one forever. All Store methods are safe
// for concurrent use.
package kg
