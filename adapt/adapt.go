package adapt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tingzhen/tingzhen/engine"
)

// Defaults of Options.
const (
	DefaultHoldout = 0.25
	DefaultSeed    = 13
	DefaultMinRows = 20
	// MinPerLabel is the fewest rows a label used in the file must have: one for the
	// held-out part, one for the validation part, two to train on.
	MinPerLabel = 4
)

// Options configure Run. Zero values take the documented defaults.
type Options struct {
	// Train is the customer's labelled CSV (ReadFile). Required.
	Train string
	// Test is an optional labelled CSV scored as the held-out part; when empty, Holdout of
	// Train is held out instead (stratified by label, seeded by Seed).
	Test string
	// Unlabelled is an optional file of the customer's unlabelled texts (ReadUnlabelled: a
	// .csv/.tsv with a header naming the text column, or one text a line), given to the
	// trainer: the default recipe self-trains on them (soft pseudo-labels, recipe key
	// st_soft; also self_train, prior). Texts that are also labelled rows (training or
	// held-out) are dropped first.
	Unlabelled string
	// Holdout is the share of Train held out when Test is empty (default 0.25; in (0, 0.9]).
	Holdout float64
	// Out is the model folder to write (required; refused when it holds a model.onnx
	// unless Force).
	Out   string
	Force bool
	// Base is the model folder adapted (default Home/models/sentiment-zh).
	Base string
	// Seed seeds the held-out split and the training (default 13).
	Seed uint64
	// Encoding of the CSV files: auto (default: UTF-8 or GBK/GB18030, decided over the
	// whole file), utf-8, gbk or gb18030.
	Encoding string
	// Python runs the training (default: FindPython's first interpreter that imports torch,
	// onnx, numpy and yaml). Script is the trainer (default Home/training/adapt_sentiment.py).
	Python, Script string
	// Recipe overrides keys of the script's DEFAULT_RECIPE (JSON object), e.g.
	// {"lr": 0.001}; empty: the default recipe.
	Recipe string
	// MinRows is the fewest usable rows accepted (default 20).
	MinRows int
	// Engine locates Home, the ORT library and the device for scoring; its model fields
	// are set by ScoreFolder.
	Engine engine.Config
	// Command is the command line that asked for this, recorded in the card (the CLI
	// sets it; the trainer's own command names temporary files).
	Command string
	// Log receives the skipped rows and the trainer's progress (default: discarded).
	Log io.Writer
}

func (o Options) withDefaults() Options {
	if o.Holdout == 0 {
		o.Holdout = DefaultHoldout
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.MinRows <= 0 {
		o.MinRows = DefaultMinRows
	}
	home := o.Engine.Home
	if home == "" {
		home = os.Getenv("TINGZHEN_HOME")
	}
	if home == "" {
		home = "."
	}
	o.Engine.Home = home
	if o.Base == "" {
		o.Base = filepath.Join(home, "models", "sentiment-zh")
	}
	if o.Script == "" {
		o.Script = filepath.Join(home, "training", "adapt_sentiment.py")
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// Report is what Run did.
type Report struct {
	Train      *Data       `json:"-"`
	Test       *Data       `json:"-"` // nil when the held-out part came from Train
	Unlabelled *Unlabelled `json:"-"` // nil without Options.Unlabelled
	// UnlabelledUsed are the unlabelled texts given to the trainer (UnlabelledDropped were
	// also labelled rows).
	UnlabelledUsed    int    `json:"unlabelled_used"`
	UnlabelledDropped int    `json:"unlabelled_dropped"`
	TrainRows         []Row  `json:"-"`
	HeldOut           []Row  `json:"-"`
	Python            string `json:"python"`
	Out               string `json:"out"`
	Base              Score  `json:"base"`
	Adapted           Score  `json:"adapted"`
	HeldOutFrom       string `json:"held_out_from"`
}

// UsageError is a problem with the input (bad options, too few rows, one class): the
// command exits 2 and prints it as it is.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usageErr(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// Run reads and checks the labelled file(s), trains with Python, then scores the held-out
// rows with the base and the adapted model through the engine, and records the engine's
// numbers in the folder's model.yaml and metrics.json.
func Run(ctx context.Context, opt Options) (*Report, error) {
	opt = opt.withDefaults()
	if opt.Train == "" || opt.Out == "" {
		return nil, usageErr("adapt needs --train FILE and --out DIR")
	}
	if opt.Test == "" && (opt.Holdout <= 0 || opt.Holdout > 0.9) {
		return nil, usageErr("--holdout %g: want a share in (0, 0.9]", opt.Holdout)
	}
	if _, err := os.Stat(filepath.Join(opt.Out, "model.onnx")); err == nil && !opt.Force {
		return nil, usageErr("%s already holds a model.onnx: choose another --out or pass --force", opt.Out)
	}
	if _, err := os.Stat(filepath.Join(opt.Base, "model.onnx")); err != nil {
		return nil, usageErr("base model %s: no model.onnx there (--base names a sentiment model folder such as models/sentiment-zh)", opt.Base)
	}
	if _, err := os.Stat(opt.Script); err != nil {
		return nil, usageErr("trainer %s is missing (run from the tingzhen repository, or set --home)", opt.Script)
	}
	rep := &Report{Out: opt.Out}
	var err error
	if rep.Train, err = readChecked(opt.Train, opt.Encoding, opt.Log); err != nil {
		return nil, err
	}
	if opt.Test != "" {
		if rep.Test, err = readChecked(opt.Test, opt.Encoding, opt.Log); err != nil {
			return nil, err
		}
		rep.TrainRows, rep.HeldOut = rep.Train.Rows, dropSeen(rep.Test.Rows, rep.Train.Rows, opt.Log)
		rep.HeldOutFrom = "the --test file"
	} else {
		rep.TrainRows, rep.HeldOut = Split(rep.Train.Rows, opt.Holdout, opt.Seed)
		rep.HeldOutFrom = fmt.Sprintf("%g of the --train rows, stratified by label, seed %d", opt.Holdout, opt.Seed)
	}
	if err := checkEnough(rep.Train, rep.TrainRows, opt.MinRows); err != nil {
		return nil, err
	}
	if opt.Unlabelled != "" {
		if rep.Unlabelled, err = ReadUnlabelled(opt.Unlabelled, opt.Encoding); err != nil {
			return nil, err
		}
		for _, e := range rep.Unlabelled.Skipped {
			fmt.Fprintf(opt.Log, "%s: %s\n", opt.Unlabelled, e)
		}
		if len(rep.Unlabelled.Texts) == 0 {
			return nil, usageErr("%s: no usable unlabelled text (%d lines read, %d skipped)", opt.Unlabelled, rep.Unlabelled.Read, len(rep.Unlabelled.Skipped))
		}
	}
	if len(rep.HeldOut) == 0 {
		return nil, usageErr("no held-out rows to score")
	}
	if rep.Python, err = FindPython(ctx, opt.Python); err != nil {
		return nil, err
	}
	if err := train(ctx, opt, rep); err != nil {
		return nil, err
	}
	if rep.Base, err = ScoreFolder(ctx, opt.Engine, opt.Base, rep.HeldOut); err != nil {
		return nil, err
	}
	if rep.Adapted, err = ScoreFolder(ctx, opt.Engine, opt.Out, rep.HeldOut); err != nil {
		return nil, err
	}
	if err := recordEngineScores(opt.Out, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// readChecked reads a file and logs its skipped rows.
func readChecked(path, enc string, log io.Writer) (*Data, error) {
	d, err := ReadFile(path, enc)
	if err != nil {
		return nil, err
	}
	for _, e := range d.Skipped {
		fmt.Fprintf(log, "%s: %s\n", path, e)
	}
	return d, nil
}

// dropSeen removes held-out rows whose text is also a training row (they would be scored
// on what the model was trained on).
func dropSeen(test, train []Row, log io.Writer) []Row {
	seen := map[string]bool{}
	for _, r := range train {
		seen[r.Text] = true
	}
	var out []Row
	for _, r := range test {
		if seen[r.Text] {
			fmt.Fprintf(log, "test line %d: same text as a training row, not scored\n", r.Line)
			continue
		}
		out = append(out, r)
	}
	return out
}

// checkEnough refuses data too small or too one-sided to adapt on.
func checkEnough(d *Data, trainRows []Row, minRows int) error {
	counts := d.Counts()
	if len(d.Rows) < minRows {
		return usageErr("%s: %d usable rows (%d read, %d skipped): at least %d are needed; a few hundred labelled texts give a measurable gain (README \"Adapt\")", d.Path, len(d.Rows), d.Read, len(d.Skipped), minRows)
	}
	if len(counts) < 2 {
		for l := range counts {
			return usageErr("%s: every usable row is labelled %s: label texts of at least two classes", d.Path, l)
		}
	}
	var few []string
	for _, l := range []string{Negative, Neutral, Positive} {
		if n := counts[l]; n > 0 && n < MinPerLabel {
			few = append(few, fmt.Sprintf("%s has %d", l, n))
		}
	}
	if len(few) > 0 {
		return usageErr("%s: %s usable rows: each label used needs at least %d (or drop that label's rows)", d.Path, strings.Join(few, ", "), MinPerLabel)
	}
	tc := map[string]int{}
	for _, r := range trainRows {
		tc[r.Label]++
	}
	if len(tc) < 2 {
		return usageErr("%s: the training part holds one label only", d.Path)
	}
	return nil
}

// meta is what the trainer copies into the card about the customer's data.
type meta struct {
	TrainFile        string         `json:"train_file"`
	DataSHA256       string         `json:"data_sha256"`
	Encoding         string         `json:"encoding"`
	Header           bool           `json:"header"`
	RowsRead         int            `json:"rows_read"`
	RowsUsable       int            `json:"rows_usable"`
	RowsSkipped      map[string]int `json:"rows_skipped"`
	RowsTrain        int            `json:"rows_train"`
	RowsHeldOut      int            `json:"rows_held_out"`
	HeldOutFrom      string         `json:"held_out_from"`
	TestFile         string         `json:"test_file,omitempty"`
	TestSHA256       string         `json:"test_sha256,omitempty"`
	UnlabelledFile   string         `json:"unlabelled_file,omitempty"`
	UnlabelledSHA256 string         `json:"unlabelled_sha256,omitempty"`
	LabelSpelling    string         `json:"label_spellings"`
	Command          string         `json:"command,omitempty"`
}

func writeJSONL(path string, rows []Row) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(map[string]string{"text": r.Text, "label": r.Label}); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// train writes the parts to a temporary folder and runs the trainer.
func train(ctx context.Context, opt Options, rep *Report) error {
	tmp, err := os.MkdirTemp("", "tingzhen-adapt-")
	if err != nil {
		return fmt.Errorf("adapt: %w", err)
	}
	defer os.RemoveAll(tmp)
	m := meta{TrainFile: opt.Train, DataSHA256: rep.Train.SHA256, Encoding: rep.Train.Encoding, Header: rep.Train.Header,
		RowsRead: rep.Train.Read, RowsUsable: len(rep.Train.Rows), RowsSkipped: rep.Train.SkippedBy(),
		RowsTrain: len(rep.TrainRows), RowsHeldOut: len(rep.HeldOut), HeldOutFrom: rep.HeldOutFrom, LabelSpelling: LabelHelp, Command: opt.Command}
	if rep.Test != nil {
		m.TestFile, m.TestSHA256 = opt.Test, rep.Test.SHA256
	}
	if rep.Unlabelled != nil {
		m.UnlabelledFile, m.UnlabelledSHA256 = opt.Unlabelled, rep.Unlabelled.SHA256
	}
	mb, _ := json.Marshal(m)
	paths := map[string]string{"train": filepath.Join(tmp, "train.jsonl"), "test": filepath.Join(tmp, "test.jsonl"), "meta": filepath.Join(tmp, "meta.json")}
	if err := writeJSONL(paths["train"], rep.TrainRows); err != nil {
		return fmt.Errorf("adapt: %w", err)
	}
	if err := writeJSONL(paths["test"], rep.HeldOut); err != nil {
		return fmt.Errorf("adapt: %w", err)
	}
	if err := os.WriteFile(paths["meta"], mb, 0o644); err != nil {
		return fmt.Errorf("adapt: %w", err)
	}
	args := []string{opt.Script, "--base", opt.Base, "--train", paths["train"], "--test", paths["test"], "--meta", paths["meta"],
		"--out", opt.Out, "--seed", fmt.Sprint(opt.Seed)}
	if rep.Unlabelled != nil {
		texts, dropped := rep.Unlabelled.dropLabelled(rep.TrainRows, rep.HeldOut)
		rep.UnlabelledUsed, rep.UnlabelledDropped = len(texts), dropped
		up := filepath.Join(tmp, "unlabelled.jsonl")
		rows := make([]Row, len(texts))
		for i, t := range texts {
			rows[i] = Row{Text: t}
		}
		if err := writeJSONL(up, rows); err != nil {
			return fmt.Errorf("adapt: %w", err)
		}
		args = append(args, "--unlabelled", up)
	}
	if opt.Recipe != "" {
		args = append(args, "--recipe", opt.Recipe)
	}
	cmd := exec.CommandContext(ctx, rep.Python, args...)
	cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1")
	if os.Getenv("OMP_NUM_THREADS") == "" {
		cmd.Env = append(cmd.Env, "OMP_NUM_THREADS=1")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = io.MultiWriter(&stderr, prefixWriter(opt.Log, "train: "))
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		msg := lastLine(stderr.String())
		if strings.HasPrefix(msg, "adapt: ") {
			return usageErr("%s", msg[len("adapt: "):])
		}
		return fmt.Errorf("adapt: %s %s: %v: %s", rep.Python, opt.Script, err, msg)
	}
	return nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "\n"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// prefixWriter writes each complete line to w with a prefix (synchronously; a last
// line without a newline is dropped here: the caller keeps the whole output too).
func prefixWriter(w io.Writer, prefix string) io.Writer { return &linePrefixer{w: w, prefix: prefix} }

type linePrefixer struct {
	w      io.Writer
	prefix string
	buf    []byte
}

func (l *linePrefixer) Write(p []byte) (int, error) {
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		fmt.Fprintf(l.w, "%s%s\n", l.prefix, l.buf[:i])
		l.buf = l.buf[i+1:]
	}
	return len(p), nil
}

// recordEngineScores adds the engine's held-out scores to the folder's metrics.json and
// model.yaml (the trainer recorded PyTorch's; these are what tingzhen answers).
func recordEngineScores(out string, rep *Report) error {
	eng := map[string]any{
		"how":           "the held-out rows scored through engine.Sentiment (ONNX Runtime), base and adapted folder each loaded by the engine; acc_3way = the engine's label equals the gold label",
		"held_out_from": rep.HeldOutFrom,
		"base":          rep.Base,
		"adapted":       rep.Adapted,
		"gain_points":   round4(100 * (rep.Adapted.Acc - rep.Base.Acc)),
	}
	mp := filepath.Join(out, "metrics.json")
	raw, err := os.ReadFile(mp)
	if err != nil {
		return fmt.Errorf("adapt: the trainer wrote no metrics.json: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("adapt: %s: %w", mp, err)
	}
	m["heldout_engine"] = eng
	b, _ := json.MarshalIndent(m, "", " ")
	if err := os.WriteFile(mp, b, 0o644); err != nil {
		return fmt.Errorf("adapt: %w", err)
	}
	// model.yaml: append one top-level block (the trainer's part stays as written).
	var yb bytes.Buffer
	ye := yaml.NewEncoder(&yb)
	ye.SetIndent(2)
	if err := ye.Encode(map[string]any{"heldout_engine": jsonRoundTrip(eng)}); err != nil {
		return fmt.Errorf("adapt: %w", err)
	}
	ye.Close()
	cp := filepath.Join(out, "model.yaml")
	card, err := os.ReadFile(cp)
	if err != nil {
		return fmt.Errorf("adapt: %w", err)
	}
	if bytes.Contains(card, []byte("\nheldout_engine:")) {
		return errors.New("adapt: model.yaml already holds heldout_engine")
	}
	return os.WriteFile(cp, append(card, yb.Bytes()...), 0o644)
}

// jsonRoundTrip turns structs into maps with their JSON names, so the YAML keys match.
func jsonRoundTrip(v any) any {
	b, _ := json.Marshal(v)
	var out any
	json.Unmarshal(b, &out)
	return out
}

func round4(x float64) float64 {
	return float64(int64(x*10000+0.5*sign(x))) / 10000
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// SortedCounts formats label counts as "negative 75, positive 75".
func SortedCounts(c map[string]int) string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, c[k])
	}
	return strings.Join(parts, ", ")
}
