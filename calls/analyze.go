package calls

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/record"
)

// Options tunes an Analyzer. Zero values take the defaults.
type Options struct {
	// SilenceMin: gaps shorter than this many seconds are not silence (default 1.0).
	SilenceMin float64
	// OvertalkMin: overlaps shorter than this are not overtalk (default 0.2).
	OvertalkMin float64
	// EndTurns: customer turns that make "the end" of a call for peak-end and resolution (default 2).
	EndTurns int
	// Industry applies to calls that name none (default: inferred from the whole call).
	Industry string
	// VADModel is the Silero VAD ONNX file (default Home/models/silero-vad/silero_vad.onnx).
	VADModel string
	// Record, when set, counts every analysed call (one record: Recorder.Calls) as it is
	// analysed; nil records nothing (bulk jobs record their calls themselves, after each
	// checkpoint).
	Record *record.Recorder
}

// Analyzer analyses calls with one Engine. It is safe for concurrent use; reuse one for
// bulk jobs (the emotion lexicon and the VAD model load once).
type Analyzer struct {
	e   Engine
	opt Options
	lex *EmotionLexicon

	vadOnce sync.Once
	vad     *vadRunner
	vadErr  error
}

// NewAnalyzer builds an Analyzer over e.
func NewAnalyzer(e Engine, opt Options) (*Analyzer, error) {
	if nilEngine(e) {
		return nil, errors.New("transcript: nil engine")
	}
	if opt.SilenceMin <= 0 {
		opt.SilenceMin = 1.0
	}
	if opt.OvertalkMin <= 0 {
		opt.OvertalkMin = 0.2
	}
	if opt.EndTurns <= 0 {
		opt.EndTurns = 2
	}
	lex, err := NewEmotionLexicon()
	if err != nil {
		return nil, err
	}
	return &Analyzer{e: e, opt: opt, lex: lex}, nil
}

// Close releases the VAD model if it was loaded.
func (a *Analyzer) Close() error {
	if a.vad != nil {
		return a.vad.close()
	}
	return nil
}

// Analyze analyses one call with a throw-away Analyzer (bulk jobs: use NewAnalyzer once).
func Analyze(ctx context.Context, e Engine, call Call) (CallResult, error) {
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		return CallResult{}, err
	}
	defer a.Close()
	return a.Analyze(ctx, call)
}

// CallResult is the analysis of one call (documented in SCHEMA.md).
type CallResult struct {
	ID          string                `json:"id"`
	Format      string                `json:"format,omitempty"`
	Industry    *engine.IndustryGuess `json:"industry,omitempty"`
	Roles       RoleInfo              `json:"roles"`
	Turns       []TurnResult          `json:"turns"`
	Customer    CustomerView          `json:"customer"`
	Agent       AgentView             `json:"agent"`
	Risk        Risk                  `json:"risk"`
	Resolution  Resolution            `json:"resolution"`
	Metrics     *Metrics              `json:"metrics,omitempty"`
	Compliance  []ComplianceResult    `json:"compliance"`
	PainPoints  []CallAspect          `json:"aspects"`
	Audio       *AudioResult          `json:"audio,omitempty"`
	Warnings    []string              `json:"warnings"`
	Transferred bool                  `json:"transferred,omitempty"`
	// Time (RFC 3339) and the dims echo the call's.
	Time string `json:"time,omitempty"`
	insights.Dims
}

// TurnResult is one turn with its analysis.
type TurnResult struct {
	Index     int                 `json:"index"`
	Speaker   string              `json:"speaker,omitempty"`
	Role      string              `json:"role"`
	Start     float64             `json:"start"`
	End       float64             `json:"end"`
	Text      string              `json:"text"`
	Clean     string              `json:"clean"`
	Cleanup   *CleanStats         `json:"cleanup,omitempty"` // only when something changed
	Sentiment *engine.Sentiment   `json:"sentiment,omitempty"`
	Valence   float64             `json:"valence"` // P(positive) − P(negative), −1..1
	Sentences []engine.Sentence   `json:"sentences,omitempty"`
	Aspects   []engine.Aspect     `json:"aspects,omitempty"`
	Emotions  []EmotionHit        `json:"emotions,omitempty"`
	Signals   []Signal            `json:"signals,omitempty"`
	Channel   *int                `json:"channel,omitempty"` // audio channel the turn aligned to
	Error     *engine.RecordError `json:"error,omitempty"`
}

// CurvePoint is the customer's valence at one turn.
type CurvePoint struct {
	Turn     int     `json:"turn"`
	Time     float64 `json:"time"`
	Valence  float64 `json:"valence"`
	Smoothed float64 `json:"smoothed"` // exponential moving average, α = 0.5
}

// Moment is a turn singled out by the peak-end summary.
type Moment struct {
	Turn    int     `json:"turn"`
	Time    float64 `json:"time"`
	Valence float64 `json:"valence"`
	Text    string  `json:"text"`
}

// PeakEnd is the peak-end summary of the customer's experience (Kahneman): the
// remembered experience ≈ the mean of the most intense moment and the end.
type PeakEnd struct {
	MostNegative *Moment `json:"most_negative,omitempty"`
	MostPositive *Moment `json:"most_positive,omitempty"`
	Peak         *Moment `json:"peak,omitempty"` // the one of the two with the larger |valence|
	End          float64 `json:"end"`            // mean valence of the last EndTurns customer turns
	EndState     string  `json:"end_state"`      // negative | neutral | positive
	Score        float64 `json:"score"`          // (peak + end) / 2, −1..1
	Mean         float64 `json:"mean"`
	Trend        string  `json:"trend"` // improved | worsened | flat (start vs end)
}

// CustomerView is the customer's side of the call.
type CustomerView struct {
	Curve    []CurvePoint   `json:"curve"`
	PeakEnd  PeakEnd        `json:"peak_end"`
	Emotions []EmotionScore `json:"emotions"`
}

// AgentView summarises the agent's side.
type AgentView struct {
	Emotions []EmotionScore `json:"emotions"`
	Valence  float64        `json:"valence"` // mean over agent turns
	Promises []Signal       `json:"promises,omitempty"`
}

// Risk is the escalation risk of the call.
type Risk struct {
	Level             string   `json:"level"` // low | medium | high
	Score             float64  `json:"score"` // 0..1
	Anger             float64  `json:"anger"` // customer anger+disgust emotion weight, capped at 1
	Threats           []Signal `json:"threats,omitempty"`
	RepeatContact     bool     `json:"repeat_contact"`
	TransferRequested bool     `json:"transfer_requested"`
	Transferred       bool     `json:"transferred"`
	Reasons           []string `json:"reasons"`
}

// Resolution is what the end of the call says about the customer's problem.
type Resolution struct {
	Status   string   `json:"status"` // resolved | pending | unresolved | unknown
	Evidence []Signal `json:"evidence,omitempty"`
}

// CallAspect is an aspect mention (pain/itch/pleasure point) with the turn it came from.
type CallAspect struct {
	Turn int    `json:"turn"`
	Role string `json:"role"`
	engine.Aspect
}

var threatWeight = map[string]float64{"complaint": 0.3, "regulator": 0.45, "media": 0.45, "legal": 0.45, "refund": 0.15, "cancel": 0.2}

// analyzeFunc is Engine.Analyze (benchmarks swap in recorded results to time the rest).
type analyzeFunc func(ctx context.Context, inputs []engine.Input) ([]engine.Result, error)

// Analyze analyses one call: all its turns go through the engine in one batch.
func (a *Analyzer) Analyze(ctx context.Context, call Call) (CallResult, error) {
	return a.analyze(ctx, call, a.e.Analyze)
}

// AnalyzeWith is Analyze with the turns' texts run by run instead of Engine.Analyze (a
// server's admission queue; run must return one result per input, in order).
func (a *Analyzer) AnalyzeWith(ctx context.Context, call Call, run func(ctx context.Context, inputs []engine.Input) ([]engine.Result, error)) (CallResult, error) {
	return a.analyze(ctx, call, run)
}

func (a *Analyzer) analyze(ctx context.Context, call Call, run analyzeFunc) (CallResult, error) {
	res := CallResult{ID: call.ID, Format: call.Format, Turns: []TurnResult{}, Compliance: []ComplianceResult{}, PainPoints: []CallAspect{}, Warnings: []string{}, Transferred: call.Transferred}
	if res.ID == "" {
		res.ID = "call"
	}
	call.Turns = append([]Turn(nil), call.Turns...) // alignment may set roles and channels
	var chanOf []int
	if call.Audio != nil {
		var err error
		if chanOf, err = a.analyzeAudio(ctx, &call, &res); err != nil {
			return res, err
		}
	}
	turns := call.Turns
	n := len(turns)
	clean := make([]string, n) // cleaned text (model input)
	flat := make([]string, n)  // cleaned, no punctuation (phrase matching)
	stats := make([]CleanStats, n)
	system := make([]bool, n) // machine text: order cards, 系统消息, links (system.go)
	for i := range turns {
		clean[i], stats[i] = Clean(turns[i].Text)
		if rest, sys := StripSystem(clean[i]); sys {
			system[i] = true
		} else {
			clean[i] = rest
		}
		flat[i] = stripPunct(clean[i])
	}
	if err := a.callTime(&call, &res); err != nil {
		return res, err
	}
	// Industry: given, option, else inferred from the whole call (with the floor).
	g := a.e.KG().Graph()
	industry := strings.TrimSpace(call.Industry)
	if industry == "" {
		industry = a.opt.Industry
	}
	if industry != "" && !g.HasIndustry(industry) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("unknown_industry: %q is not a loaded industry; inferred from the call instead", industry))
		industry = ""
	}
	if industry != "" {
		res.Industry = &engine.IndustryGuess{ID: industry, Name: industryName(g, industry), Confidence: 1, Source: mention.IndustrySourceGiven}
	} else if n > 0 {
		// The text records' policy for calls (mention.Policy.CallIndustry): a weak
		// inference, or none, reads the call as the general e-commerce one.
		id, conf, _ := a.e.Config().MentionPolicy().CallIndustry(g, strings.Join(clean, "。"))
		if id != "" {
			industry = id
			res.Industry = &engine.IndustryGuess{ID: id, Name: industryName(g, id), Confidence: conf, Inferred: true, Source: mention.IndustrySourceRecord}
		}
	}
	rules := g.Compliance(industry)
	var extraAgent []string
	for _, r := range rules {
		if r.Kind != "forbidden" {
			for _, p := range r.Phrases {
				extraAgent = append(extraAgent, stripPunct(p))
			}
		}
	}
	roleFlat := flat
	if slices.Contains(system, true) { // machine text says nothing about who is who
		roleFlat = slices.Clone(flat)
		for i := range roleFlat {
			if system[i] {
				roleFlat[i] = ""
			}
		}
	}
	res.Roles = inferRoles(turns, roleFlat, extraAgent)
	for i := range turns {
		if system[i] {
			turns[i].Role = RoleSystem
		}
	}
	if res.Roles.Source == "inferred" || res.Roles.Source == "mixed" {
		res.Warnings = append(res.Warnings, fmt.Sprintf("roles_inferred: speaker roles were inferred from service phrases (confidence %.2f)", res.Roles.Confidence))
	}
	// One batched engine call for every non-empty turn (no keywords: a call result has none).
	inputs := make([]engine.Input, 0, n)
	idx := make([]int, 0, n)
	for i := range turns {
		if flat[i] == "" {
			continue
		}
		// Each turn says who speaks (its aspects are marked with it); the call is counted as
		// one record below, never turn by turn (NoRecord).
		inputs = append(inputs, engine.Input{ID: res.ID + "#" + strconv.Itoa(i), Text: clean[i], Industry: industry, Role: engineRole(turns[i].Role), NoKeywords: true, NoRecord: true})
		idx = append(idx, i)
	}
	results, err := run(ctx, inputs)
	if err != nil {
		return res, fmt.Errorf("analyze call %s: %w", res.ID, err)
	}
	byTurn := make([]*engine.Result, n)
	for k, i := range idx {
		byTurn[i] = &results[k]
	}
	roles := make([]string, n)
	origs := make([]string, n)
	complaint := -1
	for i, t := range turns {
		roles[i], origs[i] = t.Role, t.Text
		tr := TurnResult{Index: i, Speaker: t.Speaker, Role: t.Role, Start: r3(t.Start), End: r3(t.End), Text: t.Text, Clean: clean[i]}
		if stats[i] != (CleanStats{}) {
			s := stats[i]
			tr.Cleanup = &s
		}
		if chanOf != nil && chanOf[i] >= 0 {
			c := chanOf[i]
			tr.Channel = &c
		}
		if r := byTurn[i]; r != nil {
			if r.Error != nil {
				tr.Error = r.Error
			} else {
				tr.Sentiment = r.Sentiment
				if r.Sentiment != nil {
					tr.Valence = r3(r.Sentiment.Probs["positive"] - r.Sentiment.Probs["negative"])
				}
				tr.Sentences = r.Sentences
				tr.Aspects = r.Aspects
				for k := range tr.Aspects {
					tr.Aspects[k].Role = t.Role // agent | customer | system | unknown
				}
				if t.Role == RoleCustomer { // only the customer's voice makes the call's pain points
					for _, as := range tr.Aspects {
						res.PainPoints = append(res.PainPoints, CallAspect{Turn: i, Role: t.Role, Aspect: as})
					}
				}
			}
		}
		if !notFeeling(tr) { // machine text (feeling.Machine) has no emotions
			tr.Emotions = a.lex.Find(clean[i], a.e.Segmenter().Cut(clean[i]))
		}
		tr.Signals = findSignals(flat[i], t.Role, i)
		if t.Role == RoleCustomer && complaint < 0 {
			for _, s := range tr.Signals {
				if s.Kind == "threat" && s.Category != "refund" && s.Category != "cancel" {
					complaint = i
				}
			}
			for _, h := range tr.Emotions {
				if h.Emotion == "anger" || h.Emotion == "disgust" {
					complaint = i
				}
			}
			if tr.Sentiment != nil && tr.Sentiment.Probs["negative"] >= 0.9 {
				complaint = i
			}
		}
		res.Turns = append(res.Turns, tr)
	}
	if n == 0 && call.Audio == nil {
		res.Warnings = append(res.Warnings, "empty_call: no turns")
	}
	a.customerView(&res)
	a.riskAndResolution(&res, call)
	if len(rules) == 0 && n > 0 {
		if industry == "" {
			res.Warnings = append(res.Warnings, "no_compliance_rules: industry unknown; pass industry to check QA rules")
		} else {
			res.Warnings = append(res.Warnings, fmt.Sprintf("no_compliance_rules: industry %s defines none", industry))
		}
	} else if n > 0 {
		res.Compliance = checkCompliance(rules, roles, flat, origs, complaint)
	}
	if call.Timed && n > 0 {
		spans := make([]span, 0, n)
		for i, t := range turns {
			spans = append(spans, span{role: t.Role, start: t.Start, end: t.End, chars: speechChars(clean[i])})
		}
		res.Metrics = computeMetrics("transcript", spans, 0, a.opt.SilenceMin, a.opt.OvertalkMin, true)
	} else if n == 0 && res.Audio != nil {
		res.Metrics = res.Audio.Metrics // audio only: the VAD timing is the call's timing
	}
	if a.opt.Record != nil {
		rec := res.Entry()
		if call.ID == "" || call.AutoID { // no id of its own: count it by its content (customer text, time, dims)
			rec.ID = ""
		}
		if _, err := a.opt.Record.Calls(ctx, []record.Call{rec}); err != nil {
			res.Warnings = append(res.Warnings, "record_failed: "+err.Error())
		}
	}
	return res, nil
}

func industryName(g *kg.Graph, id string) string {
	for _, in := range g.Industries() {
		if in.ID == id {
			return in.Name
		}
	}
	return ""
}
