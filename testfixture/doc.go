// Package testfixture builds, for the tests and benchmarks of several packages, the inputs
// they share from the module's committed real-text fixtures: the review lines of
// engine/tokenize/testdata (the engine's and record's benchmarks) and a large multi-file job
// input from jobs/input/testdata (jobs' and the server's job tests); and it reads JSONL fixtures
// such as the models' reference.jsonl (model, model/infer, model/aspect). Only _test.go files
// import it. ReviewLines and JobInput take root, the module root relative to the calling test's
// package folder ("." in the root, ".." one folder down).
package testfixture
