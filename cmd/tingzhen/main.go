// Command tingzhen is the one binary of the tingzhen engine: analyse texts, segment, serve
// the scoring API, run bulk jobs, manage the knowledge graph and benchmark models.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/tingzhen/tingzhen/engine"
)

// Exit codes.
const (
	exitOK          = 0
	exitRecordFails = 1 // some records (or job input files) failed; the others were written
	exitUsage       = 2 // bad flags or a fatal error
)

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands []command

func register(c command) { commands = append(commands, c) }

func usage(w io.Writer) {
	fmt.Fprintln(w, "tingzhen (听诊) — customer-voice analysis engine")
	fmt.Fprintln(w, "\nUsage: tingzhen <command> [flags] [args]   (flags may also follow the args)\n       tingzhen --version\n\nCommands:")
	sort.Slice(commands, func(i, j int) bool { return commands[i].name < commands[j].name })
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `tingzhen <command> --help` for its flags. Environment: TINGZHEN_HOME (models, packs, ORT library), TINGZHEN_ORT_LIB.")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(exitingContext(ctx), os.Args[1:], os.Stdout, os.Stderr) // exitclose.go
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "--version", "-version", "-v":
		fmt.Fprintln(stdout, shortVersion())
		printDevices(stdout, "", "") // version.go
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "tingzhen: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// engineFlags are the flags every command that builds an Engine shares.
type engineFlags struct {
	home, ortLib, device, data, packs, cacheDir string
	timeZone, polarityModel                     string
	sentimentModel                              string // adapt.go: a folder of models/ or a path
	chatSentimentModel                          string // chatmodel.go
	threads, batch, maxTextBytes                int
	repairUTF8                                  bool
	noAspect                                    bool
	minFreeDisk                                 int64  // storeflags.go
	durability                                  string // storeflags.go
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.home, "home", "", "installation root with models/, knowledge-graph/ and third_party/ort (default $TINGZHEN_HOME or the working directory)")
	fs.StringVar(&f.ortLib, "ort-lib", "", "ONNX Runtime shared library (default $TINGZHEN_ORT_LIB or HOME/third_party/ort)")
	fs.StringVar(&f.device, "device", "cpu", "inference device: cpu or cuda")
	fs.IntVar(&f.threads, "threads", 0, "ONNX Runtime intra-op threads per model (default: number of CPUs)")
	fs.IntVar(&f.batch, "batch", 0, "max sequences per model run (default: the engine's, 16 on cpu, 64 on cuda)")
	fs.IntVar(&f.maxTextBytes, "max-text-bytes", 256<<10, "records longer than this are rejected with text_too_long")
	fs.BoolVar(&f.repairUTF8, "repair-utf8", false, "replace invalid UTF-8 bytes with U+FFFD (with a warning) instead of rejecting the record")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "where jieba dictionaries are unpacked (default: user cache dir)")
	fs.BoolVar(&f.noAspect, "no-aspects", false, "skip the aspect, aspect-polarity and category models (sentiment only)")
	fs.StringVar(&f.polarityModel, "polarity-model", "", "aspect-polarity model folder in models/ (default polarity-zh: scores the candidate aspects whose polarity the mention policy takes from it); - for none: polarity from opinions, pack directions and sentences")
	f.registerStore(fs)
	registerSentimentModel(fs, &f.sentimentModel)         // adapt.go
	registerChatSentimentModel(fs, &f.chatSentimentModel) // chatmodel.go
	fs.StringVar(&f.timeZone, "time-zone", "", "IANA zone (Asia/Shanghai) for event times written without one and for the day/week counters (default: the local zone, $TZ)")
}

func (f *engineFlags) config() engine.Config {
	c := engine.Config{Home: f.home, ORTLib: f.ortLib, Device: f.device, IntraOpThreads: f.threads, MaxBatch: f.batch,
		MaxTextBytes: f.maxTextBytes, RepairUTF8: f.repairUTF8, DataDir: f.data, PacksDir: f.packs, CacheDir: f.cacheDir,
		PolarityModel: f.polarityModel, MinFreeDisk: f.minFreeDisk, Durability: f.durability}
	if c.MinFreeDisk == 0 {
		c.MinFreeDisk = -1 // --min-free-disk 0: no reserve (engine.Config's 0 means the default)
	}
	if f.noAspect {
		c.AspectModel, c.CategoryModel, c.PolarityModel = "-", "-", "-"
	}
	c.SentimentModel = sentimentModelPath(f.sentimentModel) // adapt.go
	c.ChatSentimentModel = sentimentModelPath(f.chatSentimentModel)
	return c
}

func newEngine(ctx context.Context, f *engineFlags, stderr io.Writer, mutate func(*engine.Config)) (*engine.Engine, bool) {
	cfg := f.config()
	if f.timeZone != "" {
		loc, err := time.LoadLocation(f.timeZone)
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen: --time-zone %q: %v (want an IANA name such as Asia/Shanghai)\n", f.timeZone, err)
			return nil, false
		}
		cfg.Location = loc
	}
	if mutate != nil {
		mutate(&cfg)
	}
	e, err := engine.New(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return nil, false
	}
	return e, true
}

// parseFlags parses a subcommand's flags, which may come before, between or after its
// positional arguments (`tingzhen analyze "很好" --industry banking`); after "--" everything
// is positional (`tingzhen analyze -- "-5分"`). fs.Args() then holds the positional
// arguments in order. Returns false and the exit code when the command should stop: help
// (0) or a bad flag (2, with the error and usage on stderr).
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (bool, int) {
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return false, exitOK
			}
			if len(pos) > 0 && strings.Contains(err.Error(), "provided but not defined") {
				fmt.Fprintln(stderr, "(flags may follow the text; put -- before a text that begins with '-')")
			}
			return false, exitUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...) // Parse stopped at "--": the rest is positional
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	// Leave fs.Args() = pos: parsing "--" first sets no flag and makes all of pos positional.
	fs.Parse(append([]string{"--"}, pos...))
	return true, 0
}

// shortVersion is the first line of `tingzhen version`; `tingzhen --version` prints it and
// the device lines (version.go) without loading any model.
func shortVersion() string {
	return fmt.Sprintf("tingzhen %s (%s, %s/%s)", engine.BuildVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func init() {
	register(command{"version", "print build, device, model and ONNX Runtime versions", cmdVersion})
}

func cmdVersion(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.Usage = usageFunc(fs, "Usage: tingzhen version [flags]\n\nBuild, ONNX Runtime and model versions (tingzhen --version: the build only, no models loaded).\n",
		"threads", "batch", "max-text-bytes", "repair-utf8", "time-zone")
	var ef engineFlags
	ef.register(fs)
	if ok, code := parseFlags(fs, args, stderr); !ok {
		return code
	}
	fmt.Fprintln(stdout, shortVersion())
	printDevices(stdout, ef.ortLib, ef.home) // version.go
	e, ok := newEngine(ctx, &ef, stderr, nil)
	if !ok {
		return exitUsage
	}
	defer closeEngine(ctx, e) // exitclose.go
	v := e.Versions()
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(stdout, "%-16s %s\n", k, strings.TrimSpace(v[k]))
	}
	return exitOK
}
