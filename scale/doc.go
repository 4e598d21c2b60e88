// Package scale runs bulk jobs and streaming feedback across machines on NATS JetStream.
//
// Four roles share one NATS server (or cluster) and nothing else:
//
//   - Submit reads a job's input files with package jobs/input (JSONL, CSV/TSV, text,
//     gzip'd, GBK), or parses them as `job run --format transcript` does (text transcripts:
//     one call per record; audio calls stay with `job run`, their PCM samples are not sent),
//     gives each record the id `job run` gives it, and publishes chunks of records to the
//     work stream (a work queue; Nats-Msg-Id = job/chunk, so a submit that stopped midway
//     can be run again within the de-duplication window without adding work), then the
//     job's manifest (its files, their formats and read errors, the chunk count). A job
//     name that has a manifest is refused: its results would mix with the first job's.
//   - Worker (one per machine, Lanes CPU lanes) pulls chunks through one shared durable
//     consumer, analyses each with the process's one Engine, publishes one message per
//     record to the results stream with Nats-Msg-Id = job/file:line (the record's
//     position, which is unique even where input ids repeat; job/file#n for the n-th call
//     of a transcript file), waits for every publish to
//     be acknowledged, and only then acknowledges the chunk (a double ack, confirmed by the
//     server). A worker killed at any point leaves its chunks unacknowledged; after AckWait
//     the server hands them to another worker, whose publishes of records already stored
//     are dropped by the stream's de-duplication. MaxAckPending bounds the chunks handed
//     out and not yet acknowledged: that is the back-pressure. A long chunk is kept alive
//     with in-progress acks, so AckWait only bounds how long a dead worker's chunks wait.
//     With Feedback, a worker also serves the feedback stream: raw records published one
//     by one (JSON, as a JSONL line) to <prefix>.feedback.>, analysed in micro-batches and
//     published to the results stream with Nats-Msg-Id = feedback/<record id>.
//   - Collect reads one job's results back (an ordered consumer) and writes
//     results.jsonl, errors.jsonl, summary.json and report.html with jobs.Folder: the
//     formats, record order (input order) and per-record errors of `job run`. Collect also
//     drops any record it has already written, so a duplicate that outlived the
//     de-duplication window still appears once. A chunk the server gave up on (MaxDeliver
//     deliveries, say a worker crashing on it each time) is reported by number, not
//     waited for in silence.
//   - Aggregator is the one process that writes the counters: it consumes the results
//     stream through its own durable consumer and feeds package record (insights.Ingest,
//     idempotent on the record id) in batches, acknowledging after they are stored. The
//     Badger store stays single-writer; workers never open it.
//
// Streams (names from Config.Prefix, default "tingzhen"): TINGZHEN_WORK (work queue,
// <prefix>.work.<job>), TINGZHEN_RESULTS (<prefix>.results.<job>, kept for ResultsMaxAge),
// TINGZHEN_JOBS (manifests, the last per job) and TINGZHEN_FEEDBACK (work queue,
// <prefix>.feedback.>). All are created on first use by whichever role starts first.
package scale
