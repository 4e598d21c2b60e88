package input

import (
	"fmt"

	"github.com/tingzhen/tingzhen/recorderr"
)

// ParseJSON reads one JSON object as a record exactly as a line of a JSONL file is read
// (text, id, industry, time, role and dimension keys by opt and their defaults; bad JSON,
// invalid UTF-8 and a missing text become a record with Err): for records that arrive one
// by one rather than in files, such as a stream of raw feedback. The record's Line is 1.
func ParseJSON(b []byte, opt Options) Record {
	opt = opt.withDefaults()
	if len(b) > opt.MaxRecordBytes {
		return Record{Line: 1, Err: &Error{Code: string(recorderr.RecordTooLong), Message: fmt.Sprintf("record is longer than %d bytes", opt.MaxRecordBytes)}}
	}
	rec, skip := parseJSONLine(b, 1, opt)
	if skip {
		return Record{Line: 1, Err: &Error{Code: string(recorderr.MissingText), Message: "empty record"}}
	}
	return rec
}
