// Package jobs runs bulk analysis jobs: it streams records from files (JSONL, CSV/TSV,
// plain text, gzip'd, GBK or UTF-8; transcripts through package calls) through the
// engine with a pool of workers, and writes into an output folder results.jsonl (the
// Result contract, one line per record, in input order), errors.jsonl (every bad record
// with file, line and reason), summary.json (its counts aggregated by insights.Summarizer)
// and report.html (inline-SVG charts drawn by sub-package report). Manager keeps the jobs that package server serves under /v1/jobs
// (create from uploads or server paths, list, status, resume, cancel, download); it
// speaks no HTTP.
//
// An input file that cannot be read (a FIFO, socket or device, a dangling symbolic link, a
// corrupt gzip, an I/O error; see package input) gets one file_error line in errors.jsonl
// and its FileStat.Error; the job reads the other files and counts it in State.FailedFiles
// and summary.json's job.failed_files, report.html shows it as 失败文件, and `job run`
// exits 1 as it does for failed records.
//
// Exactly-once after a crash. Records are read in ordered chunks (one file at a time,
// ChunkSize records). Chunks are analysed concurrently but written strictly in order; at
// most every CheckpointEvery the writer flushes and fsyncs results.jsonl and errors.jsonl,
// then saves a checkpoint (current file, its decoded byte offset / line / record count,
// record totals and both output sizes) in a small Badger database of its own under
// DIR/.checkpoint (SyncWrites, the low-memory options of shared/notes/dependencies.md; a
// separate database so a job never contends with the knowledge graph's store and can be
// deleted with its folder). On start, a job whose checkpoint matches its inputs and
// options (fingerprint of paths, sizes, modification times and the options that change
// output) truncates both outputs to the checkpointed sizes and reopens the input at the
// checkpointed offset (seek for plain UTF-8 files, decode-and-skip for gzip and GBK).
// Anything written after the last checkpoint is cut away and redone, so every record
// appears exactly once. A write error (full disk, file-size limit, unwritable folder)
// stops the job with the error before any checkpoint covers the failed write.
//
// The counters (Spec.RecordKG, through package record) are fed by the job, not by the
// engine, right after each checkpoint, and the checkpoint records how far they got
// (KGUpTo); a resumed job replays results.jsonl from there. Record ids are stable (the
// input's id, else file:line) and the insights counters are idempotent on them, so a
// replay, a restarted job or the same job run again never counts a record twice. Records
// count on their event day (Spec.TimeField) with their dims (Spec.Fields).
package jobs
