// Package input reads records for bulk jobs from JSONL, CSV/TSV with a header, plain text
// (one record per line) and their gzip'd forms, detecting GBK/GB18030 and converting it to
// UTF-8, streaming in constant memory and reporting resumable positions.
//
// Files it will not read come back from Open as an *Error (inside the error chain) whose
// code says why, so a job can log that file and go on: not_regular_file (a FIFO, socket,
// device or directory; refused without blocking), broken_symlink, unreadable_file, and
// bad_gzip (a gzip stream that does not decode or fails its CRC-32: the file is decoded once
// before any record is returned and refused whole). A JSON record holding a lone UTF-16
// surrogate escape (\ud800 …) is a bad record with code invalid_utf8 (textcheck.LoneSurrogate).
// A record's named aspect terms come from an aspects key (an array of strings; anything
// else is a bad record with code bad_aspects) or column (terms separated as SplitList
// splits); the engine checks the terms themselves.
package input
