// Package server is tingzhen's online scoring API: a fasthttp server in front of one shared
// engine.Engine that answers analyze, sentiment, segment and knowledge-graph requests in
// milliseconds under bursts, and serves call transcripts (package calls) and bulk jobs
// (package jobs, which speak no HTTP themselves).
//
// Its one job: turn HTTP requests into engine calls safely and fast. Texts from concurrent
// requests are queued and run together in one Engine.Analyze call (dynamic micro-batching,
// bounded by batch size, batch runes and a short wait), the queue is bounded (429 with
// Retry-After when full), every request has a deadline (504), API keys with scopes guard
// the routes (without keys: loopback only, and no cross-site writes, see samesite.go),
// and every error, on every route, is {"error":{"code","message","request_id"}} written by
// writeError (errors.go). One router (routes.go), one admission queue: transcripts' turns
// go through it and creating or resuming a job passes it (calls.go, jobs.go). The routes are documented
// in openapi.json (served at /openapi.json); metrics are served in Prometheus text format
// at /metrics.
//
// fasthttp reuses a RequestCtx and its buffers once the handler returns: handlers copy
// what they keep (json.Unmarshal copies strings) and never hand the RequestCtx to another
// goroutine.
package server
