// Package store is the knowledge graph's persistent side: it persists the industry packs
// and their versions, the terms and indicators added since, and the candidate terms
// (unknown terms seen in customer text, counted once per record) in an embedded Badger
// database, and hands out the current immutable kg.Graph, rebuilt and swapped in atomically
// whenever packs, terms or indicators change. Packages insights and tasks keep their data
// in the same database under their own key prefixes (DB, CheckWrite, SyncNow,
// UpdateRetrying); it guards every write with the free-disk reserve and fsyncs by
// Options.Durability.
//
// Its one job: persist pack versions, added terms and indicators and candidate terms in
// Badger, and hand out the current kg.Graph.
//
// Concurrency: all Store methods are safe for concurrent use; Graph returns a snapshot that
// callers should fetch per unit of work.
package store
