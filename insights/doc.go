// Package insights owns the customer-voice counters and the questions a CEM manager asks
// of them. Records are counted by their event time and dimensions (channel, brand,
// product, store/region, segment, tags), once per record id (sending the same id again
// replaces, never double-counts), customer voice only; the counters live in the engine's
// Badger store under a versioned key layout (see LAYOUT.md). Queries: top pains/itches/
// pleasures by department or indicator, trend by day/week/month, period comparison with a
// two-proportion test, brand vs competitor vs industry, drivers of overall sentiment, and
// channel consistency. It also aggregates a job's results into the counted part of its
// summary.json (Summarizer: journey groups, top points, unknown terms, timeline, brands).
// One Totals type holds a group's mentions by point and polarity in both.
package insights
