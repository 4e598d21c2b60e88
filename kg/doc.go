// Package kg is tingzhen's industry knowledge graph as a lookup: it parses and validates the
// YAML industry packs (knowledge-graph/industries/*.yaml, see its SCHEMA.md) and builds an
// immutable in-memory snapshot (Graph) that maps aspect terms and implicit opinions onto
// Industry → JourneyStage → Touchpoint → Indicator → Aspect → Department, with its
// Aho–Corasick term matcher. It stores nothing (package store keeps the packs, added terms
// and candidates in Badger and hands out the current Graph) and decides nothing about a
// text: what a mention is, its polarity and its point are package mention's decisions; the
// packs' rules (point kinds, direction of an indicator) are data it reads and validates.
//
// Its one job: know where a customer's words belong in an industry.
//
// Concurrency: a Graph is immutable and safe for any number of goroutines; callers should
// fetch store.Store.Graph() per unit of work rather than keep one forever.
package kg
