// Package jobs runs bulk analysis jobs: it streams records from files (JSONL, CSV/TSV,
// plain text, gzip'd, GBK or UTF-8) through the engine with a pool of workers, writes
// results.jsonl, errors.jsonl, summary.json and report.html into an output folder, and
// checkpoints its progress in a small Badger database under DIR/.checkpoint so that a killed
// job resumes where it stopped and still writes every record exactly once. Manager serves
// the same jobs over HTTP (/v1/jobs).
package jobs
