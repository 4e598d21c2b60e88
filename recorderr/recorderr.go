package recorderr

// Code is a record-error code.
type Code string

// The record-error codes.
const (
	EmptyText      Code = "empty_text"       // the text is empty or only spaces
	InvalidUTF8    Code = "invalid_utf8"     // bytes that are not UTF-8 (or a lone surrogate escape)
	TextTooLong    Code = "text_too_long"    // over the engine's text limit (--max-text-bytes)
	BadText        Code = "bad_text"         // the text field is not a string, or normalising it failed
	BadJSON        Code = "bad_json"         // a JSONL line (or a request body) that is not a JSON object; was also invalid_json
	MissingText    Code = "missing_text"     // a record without a text field
	RecordTooLong  Code = "record_too_long"  // a line or CSV row over the reader's limit (--max-record-bytes); was also line_too_long
	RecordTooLarge Code = "record_too_large" // a record too large to send to scale workers
	BadCSV         Code = "bad_csv"          // a CSV row that cannot be read (unclosed quote)
	MissingColumn  Code = "missing_column"   // a CSV row without the text column
	BadTime        Code = "bad_time"         // a time no format of insights.ParseTime reads
	BadRole        Code = "bad_role"         // a role other than customer, agent or system
	BadAspects     Code = "bad_aspects"      // named aspects that are not a list of short names
	CallFailed     Code = "call_failed"      // a call whose analysis failed (jobs, scale)
	CallTooLarge   Code = "call_too_large"   // a call too large for a scale message
	AnalysisFailed Code = "analysis_failed"  // a scale worker's chunk whose analysis failed
	ResultTooLarge Code = "result_too_large" // a result over the NATS server's message limit
	FileError      Code = "file_error"       // errors.jsonl: the rest of a file could not be read
)

// All is every code, in the order README and OpenAPI list them.
func All() []Code {
	return []Code{EmptyText, InvalidUTF8, TextTooLong, BadText, BadJSON, MissingText,
		RecordTooLong, RecordTooLarge, BadCSV, MissingColumn, BadTime, BadRole, BadAspects,
		CallFailed, CallTooLarge, AnalysisFailed, ResultTooLarge, FileError}
}

// Renamed maps each retired code to the one that names the same error now. The retired
// names are accepted and written nowhere; README's error-code table lists them.
func Renamed() map[string]Code {
	return map[string]Code{"invalid_json": BadJSON, "line_too_long": RecordTooLong}
}

// Known reports whether s is a record-error code.
func Known(s string) bool {
	for _, c := range All() {
		if string(c) == s {
			return true
		}
	}
	return false
}
