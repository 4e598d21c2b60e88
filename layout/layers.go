package layout

// Layers is the module's packages by layer, lowest first, as import paths relative to the
// module. A package may import packages of its own layer or a lower one, never a higher
// one. The order follows the data path: stage packages and shared leaves; the knowledge
// graph, the policies, the model wrapper and the stores; the engine that orchestrates them;
// what is built on its results (recording, calls); jobs and tasks; the HTTP server; the
// tools; the command line.
var Layers = [][]string{
	// Stages of the text pipeline and leaves that import nothing of the module.
	{"engine/normalize", "engine/split", "engine/segment", "engine/tokenize", "engine/batch", "engine/wordpos",
		"model/infer", "model/aspect", "textcheck", "recorderr", "diskspace", "feeling", "jobs/report", "dashboard",
		"testfixture"},
	// The knowledge graph and the store, the model runner, the mention policy, the counters.
	{"kg", "store", "model", "mention", "insights"},
	// Orchestration: text in, results out; writes nothing.
	{"engine"},
	// Built on results: recording them, call analysis and its parts, job input readers.
	{"record", "calls", "calls/parse", "calls/vad", "jobs/input"},
	// Bulk jobs; the task loop (rules on the counters → tasks, webhooks).
	{"jobs", "tasks"},
	// HTTP.
	{"server"},
	// Tools over the engine: benchmarks, adaptation, distributed runs, the layout checks.
	{"bench", "bench/load", "adapt", "scale", "golden", "layout"},
	// The command line: flags and wiring.
	{"cmd/tingzhen", "cmd/wordtags"},
}
