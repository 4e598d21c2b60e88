// Package recorderr is the one typed set of record-error codes: why a single record (a
// JSONL line, a CSV row, a text, a call) could not be analysed while the rest of its run
// went on. They are the "code" of a result's "error" (analyze, POST /v1/analyze, a job's
// results.jsonl and errors.jsonl, scale's feedback). README ("Result contract") and
// server/openapi.json (Result.error.code) list the same codes, and no code is written
// anywhere else: TestEveryCodeInTheSet scans the tree. Request-level HTTP codes (the
// server's error envelope: unauthorized, overloaded …) are not record codes and are not
// here; where a request fails for a record's reason the server answers with the record's
// code (bad_json for a body that is not JSON, invalid_utf8, text_too_long). One error has
// one name: Renamed lists the retired duplicates (invalid_json, line_too_long).
package recorderr
