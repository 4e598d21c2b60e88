package engine

import (
	"context"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"log/slog"
	"math"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine/normalize"
	"github.com/tingzhen/tingzhen/engine/segment"
	"github.com/tingzhen/tingzhen/engine/split"
	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/model"
	"github.com/tingzhen/tingzhen/store"
)

// Polarity labels, in the order of the sentiment model's outputs.
var polarities = []string{"negative", "neutral", "positive"}

// Engine is the shared analysis pipeline. Build one per process with New; it is safe for
// concurrent use. Close releases everything.
type Engine struct {
	cfg       Config
	ortLib    string
	seg       *segment.Segmenter
	sentiment *model.Model
	// chatSentiment reads conversation turns (chatmodel.go); nil when
	// models/sentiment-chat is absent or Config.ChatSentimentModel is "-".
	chatSentiment *model.Model
	aspect        *aspectModel
	packAspects   map[string]*aspectModel // aspectroute.go: the aspect models packs name, by folder
	categories    []*categoryModel        // categories.go: at most one per industry
	polarity      *polarityModel          // nil when models/polarity-zh is absent or Config.PolarityModel is "-"
	store         *store.Store
	insights      *insights.Store
	log           *slog.Logger
	stats         *engineStats // stats.go; shared by copies of the Engine
}

// New builds the engine: the ONNX Runtime library, the models, the knowledge graph and jieba.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	cfg = cfg.withDefaults()
	if err := checkLongDoc(cfg); err != nil { // longdoc.go
		return nil, err
	}
	e := &Engine{cfg: cfg, log: slog.Default(), stats: &engineStats{}}
	ok := false
	defer func() {
		if !ok {
			e.Close()
		}
	}()
	lib, err := model.Runtime(model.Options{ORTLib: cfg.ORTLib, Home: cfg.Home, Device: cfg.Device})
	if err != nil {
		return nil, err // one sentence: what is missing (model/infer)
	}
	e.ortLib = lib
	if err := e.openModels(cfg, lib); err != nil { // models.go
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.store, err = store.Open(ctx, store.Options{Dir: cfg.DataDir, InMemory: cfg.DataDir == "", PacksDir: cfg.PacksDir, MinFreeDisk: cfg.MinFreeDisk, Durability: cfg.Durability})
	if errors.Is(err, store.ErrLocked) {
		return nil, err // one sentence already: which dir, who holds it, what to do
	}
	if err != nil {
		return nil, fmt.Errorf("open knowledge graph: %w", err)
	}
	if err := e.openPackAspectModels(e.cfg, e.store.Graph(), model.Options{ORTLib: lib, Home: e.cfg.Home, Device: e.cfg.Device, IntraOpThreads: e.cfg.IntraOpThreads, InterOpThreads: e.cfg.InterOpThreads, Workers: e.cfg.InferWorkers}); err != nil { // aspectroute.go
		return nil, err
	}
	if e.insights, err = insights.Open(e.store.DB(), insights.Options{Location: cfg.Location, DepartmentOf: kgDepartmentOf(e.store), CheckWrite: e.store.CheckWrite}); err != nil {
		return nil, fmt.Errorf("open insights counters: %w", err)
	}
	e.seg, err = segment.New(segment.Options{CacheDir: cfg.CacheDir, UserDicts: cfg.UserDicts, UserWords: userWords(e.store.Graph())})
	if err != nil {
		return nil, err
	}
	e.cfg.Mention.IndustryCut = e.seg.Cut // industry evidence on word boundaries (mention.Policy.Industry)
	ok = true
	return e, nil
}

// Close releases models, the knowledge graph and jieba. The Engine must not be used afterwards.
func (e *Engine) Close() error {
	var errs []error
	errs = append(errs, e.closeModels()...)
	if e.insights != nil {
		errs = append(errs, e.insights.Close())
		e.insights = nil
	}
	if e.store != nil {
		errs = append(errs, e.store.Close())
		e.store = nil
	}
	if e.seg != nil {
		e.seg.Close()
		e.seg = nil
	}
	return errors.Join(errs...)
}

// Config returns the effective configuration (defaults filled in).
func (e *Engine) Config() Config { return e.cfg }

// KG returns the knowledge-graph store.
func (e *Engine) KG() *store.Store { return e.store }

// Segmenter returns the shared jieba segmenter.
func (e *Engine) Segmenter() *segment.Segmenter { return e.seg }

// Versions describes the build, the ONNX Runtime and the loaded models.
func (e *Engine) Versions() map[string]string {
	v := map[string]string{"tingzhen": BuildVersion, "onnxruntime": model.RuntimeVersion(), "onnxruntime_lib": e.ortLib, "device": e.cfg.Device}
	for kind, m := range map[string]*model.Model{"sentiment_model": e.sentiment, "chat_sentiment_model": e.chatSentiment, "aspect_model": e.aspect.model(), "polarity_model": e.polarity.model()} {
		if m != nil {
			v[kind] = m.Name() + " " + m.Card().Version
		}
	}
	e.categoryVersions(v) // categories.go
	e.aspectVersions(v)   // aspectroute.go
	return v
}

// record is the per-input working state.
type record struct {
	in        Input
	res       *Result
	norm      normalize.Text
	sents     []split.Span // offsets in the normalised text
	industry  string
	docUnit   int // index of the whole-text sentiment unit, -1 when aggregated from sentences
	sentUnits []int
	origRunes []rune   // the original text as code points, made when first needed
	named     []string // Input.Aspects, checked and normalised (named.go)
	// overallUnit is the index of the overall-judgement clause's unit (feeling.Overall), -1 when none.
	overallUnit int
	// winUnits are the units of a long text's windows (feeling.Pack, longdoc.go), nil when
	// the text fits the window or the policy reads sentences.
	winUnits []int
}

// Analyze runs the whole pipeline on a batch of records. It always returns one Result per
// input, in order; a record that cannot be analysed carries Error. The error return is
// for failures of the engine itself (a model run failing, ctx cancelled).
func (e *Engine) Analyze(ctx context.Context, inputs []Input) ([]Result, error) {
	t := time.Now()
	defer e.stats.call(len(inputs), t)
	results := make([]Result, len(inputs))
	recs := make([]*record, 0, len(inputs))
	for i, in := range inputs {
		results[i] = Result{ID: in.ID, Sentences: []Sentence{}, Aspects: []Aspect{}, Indicators: []mention.Indicator{}, Keywords: []Keyword{}, Warnings: []string{}}
		r := &record{in: in, res: &results[i], docUnit: -1, overallUnit: -1}
		err := e.readVoice(r)
		if err == nil {
			err = e.prepare(r)
		}
		if err != nil {
			results[i].Error = err
			results[i].Sentences, results[i].Aspects, results[i].Indicators, results[i].Keywords, results[i].Warnings = nil, nil, nil, nil, nil
			continue
		}
		recs = append(recs, r)
	}
	t = e.stats.lap(stPrepare, len(inputs), t)
	if len(recs) == 0 {
		return results, nil
	}
	// Sentiment: one unit per sentence, plus the whole text when it fits the model window.
	var texts []string
	var chat []bool // per unit: read by the chat sentiment model (chatmodel.go)
	for _, r := range recs {
		n0 := len(texts)
		if len(r.sents) > 1 && utf8.RuneCountInString(r.norm.Text) <= e.sentiment.MaxLen()-2 {
			r.docUnit = len(texts)
			texts = append(texts, e.modelText(r, r.norm.Text))
		}
		for _, s := range r.sents {
			r.sentUnits = append(r.sentUnits, len(texts))
			texts = append(texts, e.modelText(r, s.Text))
		}
		texts = e.addWindowUnits(r, texts) // longdoc.go
		texts = e.addOverallUnit(r, texts) // feeling.go
		chat = e.markChat(r, chat, len(texts)-n0)
	}
	encs, rows, err := e.runSentiment(ctx, texts, chat)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		e.fillSentiment(r, encs, rows)
		e.judgeSentiment(r, encs, rows) // feeling.go: machine text, closings, the overall clause
	}
	t = e.stats.lap(stSentiment, len(recs), t)
	if slices.ContainsFunc(recs, sentimentOnly) { // those records stop here
		recs = slices.DeleteFunc(slices.Clone(recs), sentimentOnly)
	}
	if len(recs) == 0 {
		return results, nil
	}
	if err := e.fillAspects(ctx, recs); err != nil {
		return nil, err
	}
	for _, r := range recs {
		stampRole(r)
	}
	t = e.stats.lap(stMentions, len(recs), t)
	for _, r := range recs {
		if e.cfg.Keywords > 0 && !r.in.NoKeywords {
			for _, k := range e.seg.Keywords(r.norm.Text, e.cfg.Keywords) {
				r.res.Keywords = append(r.res.Keywords, Keyword{Word: k.Word, Weight: math.Round(k.Weight*1000) / 1000})
			}
		}
	}
	e.stats.lap(stKeywords, len(recs), t)
	return results, nil
}

// sentimentOnly reports whether r stops after sentiment (Input.SentimentOnly).
func sentimentOnly(r *record) bool { return r.in.SentimentOnly }

// AnalyzeOne analyses one text.
func (e *Engine) AnalyzeOne(ctx context.Context, in Input) (Result, error) {
	res, err := e.Analyze(ctx, []Input{in})
	if err != nil {
		return Result{ID: in.ID}, err
	}
	return res[0], nil
}

func (e *Engine) prepare(r *record) *RecordError {
	if err := readNamed(&e.cfg.Mention.Named, r); err != nil {
		return err
	}
	text := r.in.Text
	if len(text) > e.cfg.MaxTextBytes {
		return &RecordError{Code: recorderr.TextTooLong, Message: fmt.Sprintf("text is %d bytes, over the limit of %d bytes (MaxTextBytes / --max-text-bytes); split it into several records", len(text), e.cfg.MaxTextBytes)}
	}
	nt, err := normalize.String(text, normalize.Options{Strict: !e.cfg.RepairUTF8})
	switch {
	case errors.Is(err, normalize.ErrInvalidUTF8):
		return &RecordError{Code: recorderr.InvalidUTF8, Message: "text is not valid UTF-8 (convert it from its encoding, e.g. GBK, first, or enable UTF-8 repair)"}
	case errors.Is(err, normalize.ErrEmpty):
		return &RecordError{Code: recorderr.EmptyText, Message: "text is empty or only whitespace/control characters"}
	case err != nil:
		return &RecordError{Code: recorderr.BadText, Message: err.Error()}
	}
	r.norm = nt
	if nt.Repaired > 0 {
		r.res.Warnings = append(r.res.Warnings, fmt.Sprintf("invalid_utf8_repaired: %d invalid byte(s) replaced with U+FFFD", nt.Repaired))
	}
	maxRunes := e.cfg.SentenceMaxRunes
	if lim := e.sentiment.MaxLen() - 2; maxRunes > lim {
		maxRunes = lim
	}
	r.sents = split.Sentences(nt.Text, split.Options{MaxRunes: maxRunes})
	if utf8.RuneCountInString(nt.Text) > e.sentiment.MaxLen()-2 {
		r.res.Warnings = append(r.res.Warnings, fmt.Sprintf("long_text: %d characters exceed the sentiment model window (%d tokens); document sentiment aggregated over %d sentences", nt.Runes(), e.sentiment.MaxLen(), len(r.sents)))
	}
	for _, s := range r.sents {
		os, oe := nt.OrigSpan(s.Start, s.End)
		r.res.Sentences = append(r.res.Sentences, Sentence{Text: s.Text, Start: os, End: oe})
	}
	g := e.store.Graph()
	var warn string
	r.industry, r.res.Industry, warn = e.recordIndustry(g, r.in, nt.Text) // industry.go
	if warn != "" {
		r.res.Warnings = append(r.res.Warnings, warn)
	}
	return nil
}

// userWords are the graph's terms plus its indicator and aspect names (配送时效, 退换货 …)
// and the words jieba lacks that hold a term (segment.ExtraWords: 充电宝),
// registered in jieba so that they stay whole.
func userWords(g *kg.Graph) []string {
	words := append(g.UserDictWords(), segment.ExtraWords()...)
	for _, in := range g.Industries() {
		p, ok := g.Pack(in.ID)
		if !ok {
			continue
		}
		for _, x := range p.Indicators {
			words = append(words, x.Name)
		}
		for _, x := range p.Aspects {
			words = append(words, x.Name)
		}
	}
	return words
}

func industryName(g *kg.Graph, id string) string {
	for _, in := range g.Industries() {
		if in.ID == id {
			return in.Name
		}
	}
	return ""
}

func sentimentFrom(p []float32) *Sentiment {
	s := &Sentiment{Probs: make(map[string]float64, 3)}
	best := 0
	for k, name := range polarities {
		s.Probs[name] = round4(float64(p[k]))
		if p[k] > p[best] {
			best = k
		}
	}
	s.Label = polarities[best]
	s.Score = round4(float64(p[best]))
	return s
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

func (e *Engine) fillSentiment(r *record, encs []*tokenize.Encoding, rows []map[string][]float32) {
	out := e.sentiment.Output()
	for i, u := range r.sentUnits {
		r.res.Sentences[i].Sentiment = sentimentFrom(rows[u][out])
	}
	if r.docUnit < 0 && len(r.sentUnits) == 1 {
		r.res.Sentiment = r.res.Sentences[0].Sentiment
		return
	}
	doc, _ := e.docProbs(r, encs, rows, nil)
	r.res.Sentiment = sentimentFrom(doc[:])
}

// docProbs is r's document probabilities: its own unit when it fits the window, its only
// sentence, its windows (longdoc.go), or else the token-weighted mean of its sentences. A
// sentence marked in skip is left out of the mean (and skip set rules out the single
// sentence and the windows); ok is false when skip leaves no sentence.
func (e *Engine) docProbs(r *record, encs []*tokenize.Encoding, rows []map[string][]float32, skip []bool) (doc [3]float32, ok bool) {
	out := e.sentiment.Output()
	switch {
	case r.docUnit >= 0:
		copy(doc[:], rows[r.docUnit][out])
	case skip == nil && len(r.sentUnits) == 1:
		copy(doc[:], rows[r.sentUnits[0]][out])
	case skip == nil && r.winUnits != nil: // long text read by windows (longdoc.go)
		doc = e.windowProbs(r, encs, rows)
	default: // long text: token-weighted mean of the sentences' probabilities
		total := 0.0
		for i, u := range r.sentUnits {
			if skip != nil && skip[i] {
				continue
			}
			w := float64(encs[u].Len())
			total += w
			for k := range doc {
				doc[k] += float32(w) * rows[u][out][k]
			}
		}
		if total == 0 {
			return doc, false
		}
		for k := range doc {
			doc[k] = float32(float64(doc[k]) / total)
		}
	}
	return doc, true
}

// Sentiment runs only the sentiment stage on texts (one result per text, same order).
func (e *Engine) Sentiment(ctx context.Context, texts []string) ([]Result, error) {
	inputs := make([]Input, len(texts))
	for i, t := range texts {
		inputs[i] = Input{ID: fmt.Sprint(i), Text: t, SentimentOnly: true}
	}
	return e.Analyze(ctx, inputs)
}

// sortAspects orders aspects by position.
func sortAspects(as []Aspect) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Start != as[j].Start {
			return as[i].Start < as[j].Start
		}
		return as[i].End < as[j].End
	})
}

// Segment normalises text and segments it into words with POS tags; offsets are code
// points into the original text.
func (e *Engine) Segment(text string) ([]segment.Word, error) {
	nt, err := normalize.String(text, normalize.Options{Strict: !e.cfg.RepairUTF8})
	if err != nil {
		return nil, fmt.Errorf("segment: %w", err)
	}
	words := e.seg.Tag(nt.Text)
	for i := range words {
		words[i].Start, words[i].End = nt.OrigSpan(words[i].Start, words[i].End)
	}
	return words, nil
}

// kgDepartmentOf names an indicator's department from the graph, for the one-time
// migration of the old kg counters into insights.
func kgDepartmentOf(st *store.Store) func(industry, indicator string) string {
	return func(industry, indicator string) string {
		x, _ := st.Graph().Indicator(industry, indicator)
		return x.Department
	}
}
