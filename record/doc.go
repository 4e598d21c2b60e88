// Package record writes analysis outcomes down: it is the one place where analysed texts
// (engine.Result) and analysed calls (Call) become writes, to the insights counters
// (insights.Store.Ingest: one insights.Record per text or call, by event time and
// dimensions, idempotent on the record id) and to the store's candidate terms
// (store.Store.RecordCandidates: the customer's unmapped terms, once per record id).
//
// The engine analyses and returns results; it writes nothing. Its callers decide what is
// counted and call a Recorder: the server (interactive requests, --record), jobs (every
// record and call of a job, checkpointed), call analysis (calls.Options.Record), the CLI
// (analyze --record) and scale's aggregator.
//
// What is counted: results without an error whose role is the customer's ("" or
// "customer"); of their mentions the insights store counts only the customer's voice.
// Inputs marked NoRecord or SentimentOnly are left out by Analyzed.
package record
