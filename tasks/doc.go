// Package tasks owns the closed task loop of tingzhen: it evaluates the industry packs'
// alert rules on the insights counters (event time, customer voice only), creates one
// improvement task per rule and window with on-topic evidence, assigns it to the owning
// department, delivers it by signed webhook (HMAC-SHA256, retried with exponential
// back-off and jitter, dead-lettered when undeliverable), and runs its lifecycle
// open → acknowledged → in_progress → resolved → verified, measuring at verification
// whether the indicator's share of pains fell (two-proportion z-test).
//
// Its one job: turn what customers say into tasks that someone owns and closes, and check
// that closing them helped.
//
// The rule specs live in the packs (kg.RuleSpec, knowledge-graph/industries/SCHEMA.md);
// tasks, the delivery outbox and dead letters live in the engine's Badger store under
// "tsk/v1/" (LAYOUT.md). All Manager methods are safe for concurrent use.
package tasks
