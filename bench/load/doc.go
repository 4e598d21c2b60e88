// Command load is tingzhen's load generator for the scoring API: closed-loop clients (one
// request in flight each) or an open-loop fixed request rate, posting single real reviews
// to POST /v1/analyze and reporting requests/s and latency percentiles per concurrency.
// With --offline it instead measures the engine's offline texts/s on the same texts (no
// HTTP), for the batching efficiency ratio.
//
// Its one job: measure the server the way a CEM platform would load it.
//
//	go run ./bench/load --addr 127.0.0.1:8080 --concurrency 1,8,64 --duration 10s
//	go run ./bench/load --addr 127.0.0.1:8080 --concurrency 64 --rate 40 --duration 10s
//	go run ./bench/load --offline --threads 2
package main
