// Package input reads records for bulk jobs from JSONL, CSV/TSV with a header, plain text
// (one record per line) and their gzip'd forms, detecting GBK/GB18030 and converting it to
// UTF-8, streaming in constant memory and reporting resumable positions.
package input
