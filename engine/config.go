package engine

import (
	"github.com/tingzhen/tingzhen/feeling"
	"github.com/tingzhen/tingzhen/mention"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// BuildVersion is set at link time (-ldflags -X).
var BuildVersion = "dev"

// Config is the whole configuration of an Engine. Zero values take the documented defaults.
type Config struct {
	// Home is the installation root holding models/, knowledge-graph/industries and
	// third_party/ort. Default: $TINGZHEN_HOME, else the working directory.
	Home string
	// ORTLib is the ONNX Runtime shared library. Default: $TINGZHEN_ORT_LIB, else
	// Home/third_party/ort/libonnxruntime.so.<version> (installed by `make deps`).
	ORTLib string
	// ModelsDir holds the model folders. Default: Home/models.
	ModelsDir string
	// SentimentModel, AspectModel and CategoryModel name model folders in ModelsDir.
	// Defaults: sentiment-zh, aspect-zh, category-car. "-" disables the aspect or category model.
	// A pack may name another aspect model for its industry's records (kg.Pack.AspectModel,
	// aspectroute.go); AspectModel reads every other record, and "-" turns those off too.
	// SentimentModel may also be an absolute path to a model folder (a `tingzhen adapt` output).
	SentimentModel, AspectModel, CategoryModel string
	// CategoryModels names every category model folder to load, at most one per industry
	// (each card's industry field; categories.go). Default (nil): CategoryModel, plus every
	// other installed models/category-* folder (one with model.onnx) whose industry
	// CategoryModel does not already cover; CategoryModel "-" then loads none (the
	// sentiment-only settings keep working). A non-nil list is the whole set and every name
	// in it must be installed; []string{"-"} loads none.
	CategoryModels []string
	// ChatSentimentModel names the sentiment model of conversation turns (chatmodel.go,
	// Conversational: inputs with a Role, which every turn of a transcript or chat has); every
	// other text is read by SentimentModel. Default sentiment-chat; "-" reads turns with
	// SentimentModel too; the default folder without model.onnx means the same (the
	// installation runs without it). May be an absolute path to a model folder.
	ChatSentimentModel string
	// PolarityModel names the aspect-polarity model folder (default polarity-zh); "-" runs
	// none. polarity-zh scores the candidate aspect spans whose polarity the mention policy
	// takes from it (mention.Policy: graph terms with no aspect-model polarity and no
	// settled lexicon/direction verdict), each cropped to the card's 32-piece window around
	// the span. A folder without model.onnx means no polarity model.
	PolarityModel string
	// Device is "cpu" (default) or "cuda".
	Device string
	// IntraOpThreads / InterOpThreads are ONNX Runtime thread counts per session run.
	// Default 1 and 1: parallelism comes from InferWorkers (whole batches side by side),
	// which measured faster than intra-op threads for these small models and does not
	// oversubscribe a shared host.
	IntraOpThreads, InterOpThreads int
	// InferWorkers is how many batches of one Analyze call run at once (default: number of CPUs).
	InferWorkers int
	// MaxBatch is the most sequences per model run; MaxBatchTokens the most padded tokens
	// per run. Sequences are bucketed by length. Defaults on CPU 16 and 1024: one run's
	// activations then stay in a core's cache (the aspect model's pair grid is seq² wide);
	// measured against 64 and 8192, CPU per text of each model over the 1,033 bench reviews,
	// one worker, best of 5 (load 12-15 on 2 cores): aspect-zh 397-406 vs 447-461 µs,
	// sentiment-zh 140-151 vs 173-186 µs. Defaults on cuda 64 and 8192.
	MaxBatch, MaxBatchTokens int
	// MaxTextBytes rejects longer records with code text_too_long (default 262144 = 256 KiB).
	// Shorter texts longer than the model window are analysed sentence by sentence, never truncated.
	MaxTextBytes int
	// SentenceMaxRunes is the longest sentence piece before clause splitting (default 80,
	// capped by the model window).
	SentenceMaxRunes int
	// Feeling is the policy between the sentiment model and the label (package feeling):
	// machine text not scored, closings, the overall clause's weight. Zero fields take
	// feeling.DefaultPolicy's.
	Feeling feeling.Policy
	// Mention is the mention policy (package mention: every threshold and word-list switch
	// deciding the mentions, the record-level indicators and the inferred industry). Nil
	// takes mention.DefaultPolicy(); the engine keeps its own copy (a shallow one: the
	// caller must not change ProductTerm's map after New).
	Mention *mention.Policy
	// RawSentiment turns the feeling rules off: the labels are the model's argmax on the
	// text as given (for measuring the rules against the model alone).
	RawSentiment bool
	// RepairUTF8 replaces invalid UTF-8 bytes with U+FFFD and warns; default false: such a
	// record is rejected with code invalid_utf8.
	RepairUTF8 bool
	// Keywords is the number of TF-IDF keywords per record (default 5; -1 disables).
	Keywords int
	// CacheDir receives unpacked jieba dictionaries (default: the user cache dir).
	CacheDir string
	// UserDicts are extra jieba user dictionaries.
	UserDicts []string
	// DataDir is the Badger directory of the knowledge graph. Empty: an in-memory store,
	// loaded from PacksDir at start (nothing persists).
	DataDir string
	// PacksDir holds the industry packs. Default: Home/knowledge-graph/industries.
	PacksDir string
	// MinFreeDisk is the free space (bytes) kept on DataDir's disk (--min-free-disk): below
	// it every store write is refused with an error that errors.Is diskspace.ErrLow
	// (counting, terms, tasks) while analysis and reads go on, instead of a SIGBUS in
	// Badger's memory-mapped files. 0: diskspace.DefaultMinFree (512 MiB); negative: off.
	MinFreeDisk int64
	// Durability of store writes (--durability): interval (default: fsync once a second, and
	// at once after terms, indicators, packs and tasks), sync (every write fsynced before it
	// returns) or off (kernel writeback); store.Options.Durability.
	Durability string
	// Location reads event times that carry no zone (2024-11-03 14:05, 2024年11月3日) and
	// keys the day/week counters. Default: time.Local.
	Location *time.Location
}

// MentionPolicy returns a copy of c.Mention, or a new mention.DefaultPolicy() when it is
// nil (a Config not built by New).
func (c Config) MentionPolicy() *mention.Policy {
	p := mention.DefaultPolicy()
	if c.Mention != nil {
		p = *c.Mention
	}
	return &p
}

func (c Config) withDefaults() Config {
	c.Feeling = c.Feeling.WithDefaults()
	c.Mention = c.MentionPolicy()
	if c.Home == "" {
		c.Home = os.Getenv("TINGZHEN_HOME")
	}
	if c.Home == "" {
		c.Home = "."
	}
	if c.ModelsDir == "" {
		c.ModelsDir = filepath.Join(c.Home, "models")
	}
	if c.PacksDir == "" {
		c.PacksDir = filepath.Join(c.Home, "knowledge-graph", "industries")
	}
	if c.SentimentModel == "" {
		c.SentimentModel = "sentiment-zh"
	}
	if c.ChatSentimentModel == "" {
		c.ChatSentimentModel = defaultChatSentimentModel
	}
	if c.AspectModel == "" {
		c.AspectModel = defaultAspectModel
	}
	if c.CategoryModel == "" {
		c.CategoryModel = defaultCategoryModel
	}
	if c.PolarityModel == "" {
		c.PolarityModel = defaultPolarityModel
	}
	if c.Device == "" {
		c.Device = "cpu"
	}
	if c.IntraOpThreads <= 0 {
		c.IntraOpThreads = 1
	}
	if c.InferWorkers <= 0 {
		c.InferWorkers = runtime.NumCPU()
	}
	if c.InterOpThreads <= 0 {
		c.InterOpThreads = 1
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 16
		if c.Device == "cuda" {
			c.MaxBatch = 64
		}
	}
	if c.MaxBatchTokens <= 0 {
		c.MaxBatchTokens = 1024
		if c.Device == "cuda" {
			c.MaxBatchTokens = 8192
		}
	}
	if c.MaxTextBytes <= 0 {
		c.MaxTextBytes = 256 << 10
	}
	if c.SentenceMaxRunes <= 0 {
		c.SentenceMaxRunes = 80
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	if c.Keywords == 0 {
		c.Keywords = 5
	}
	return c
}
