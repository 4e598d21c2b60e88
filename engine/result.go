package engine

import (
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/recorderr"
)

// Input is one record to analyse.
type Input struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Industry string `json:"industry,omitempty"`
	// Time is the event time (when the customer said it): RFC 3339, a date, or a common
	// Chinese format (2024年11月3日 14:05); insights.ParseTime reads it. Empty: the time of
	// analysis.
	Time string `json:"time,omitempty"`
	// Dims are the record's channel, brand, product, store, region, segment and tags.
	insights.Dims
	// Role is who speaks: "" or "customer" (counted), "agent" or "system" (order cards,
	// pasted lines): analysed, marked on the mentions, never counted.
	Role string `json:"role,omitempty"`
	// Aspects are aspect terms the caller tracks (屏幕, 电池): each occurrence in the text
	// gets one mention of source "named" (mention/named.go); a term not in the text, none.
	Aspects []string `json:"aspects,omitempty"`
	// NoKeywords skips this record's TF-IDF keywords (Result.Keywords stays empty): for
	// callers that do not use them, such as call transcripts. Not part of the JSON API.
	NoKeywords bool `json:"-"`
	// NoRecord keeps this record out of the counters when its caller records what Analyze
	// returns (record.Recorder.Analyzed): for callers that record a whole unit themselves
	// (a call's turns are counted as one call record by package calls). The engine itself
	// records nothing. Not part of the JSON API.
	NoRecord bool `json:"-"`
	// SentimentOnly stops after sentiment: no aspects (neither the aspect nor the category
	// model runs for this record), no keywords, nothing recorded (record.Recorder.Analyzed leaves it out).
	// For callers that need only polarity (POST /v1/sentiment). Not part of the JSON API.
	SentimentOnly bool `json:"-"`
	// Dominant is the dominant industry of the record's file, job or request
	// (mention.Policy.Dominant) and DominantShare the share of its sample that inferred it:
	// a record naming no industry is analysed with Dominant unless its own normalised text
	// leaves it (mention.Policy.FileIndustry); its industry then says source "dominant" and
	// confidence DominantShare. Set by `analyze --input`, jobs and POST /v1/analyze's
	// industry_mode dominant (engine/industry.go). Not part of the JSON API.
	Dominant      string  `json:"-"`
	DominantShare float64 `json:"-"`
}

// Sentiment is a calibrated three-way polarity.
type Sentiment struct {
	Label string             `json:"label"` // negative | neutral | positive
	Score float64            `json:"score"` // probability of Label
	Probs map[string]float64 `json:"probs"`
	// NotScored names the kind of machine text when the text is not a feeling (order_card,
	// product_card, system, link, number, masks; package feeling): Label is then neutral,
	// Probs {neutral: 1}, and a call's peak-end and emotion map skip the turn.
	NotScored string `json:"not_scored,omitempty"`
	// Rule names the rule that set Label over the model's argmax (package feeling): closing
	// (a polite closing, acknowledgement or greeting), complaint (a complaint cue in a text the
	// model reads neutral), thanks (a closing thanks in a text the model reads neutral), all
	// with Probs one-hot; or overall (the overall-judgement clause weighted in; off by default).
	Rule string `json:"rule,omitempty"`
}

// Sentence is one sentence or clause with code-point offsets into the original text.
type Sentence struct {
	Text      string     `json:"text"`
	Start     int        `json:"start"`
	End       int        `json:"end"`
	Sentiment *Sentiment `json:"sentiment,omitempty"`
}

// KGRef places an aspect on the knowledge graph (see mention.KGRef).
type KGRef = mention.KGRef

// Aspect is one (aspect term, opinion, polarity) mention (see mention.Mention).
type Aspect = mention.Mention

// Keyword is a TF-IDF weighted keyword.
type Keyword struct {
	Word   string  `json:"word"`
	Weight float64 `json:"weight"`
}

// IndustryGuess is the industry used for mapping and how it was chosen (engine/industry.go).
type IndustryGuess struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Confidence: 1 when given; the inference's share when inferred from the record's text;
	// the share of the sample that inferred the dominant industry when it is that.
	Confidence float64 `json:"confidence"`
	// Inferred: nobody named the industry (Source record or dominant).
	Inferred bool `json:"inferred"`
	// Source is where it came from: given, dominant or record (mention.IndustrySource*).
	Source string `json:"source,omitempty"`
}

// RecordError is a per-record failure.
type RecordError struct {
	Code    recorderr.Code `json:"code"` // one of package recorderr's
	Message string         `json:"message"`
}

func (e *RecordError) Error() string { return string(e.Code) + ": " + e.Message }

// Result is the result contract of analyze, one per input, same id.
type Result struct {
	ID        string     `json:"id"`
	Sentiment *Sentiment `json:"sentiment,omitempty"`
	Sentences []Sentence `json:"sentences"`
	Aspects   []Aspect   `json:"aspects"`
	// Indicators are the record-level verdicts, one per indicator (see mention.Indicator).
	Indicators []mention.Indicator `json:"indicators"`
	Keywords   []Keyword           `json:"keywords"`
	Industry   *IndustryGuess      `json:"industry,omitempty"`
	Warnings   []string            `json:"warnings"`
	Error      *RecordError        `json:"error,omitempty"`
	// Time, the dims and Role echo the input (Time normalised to RFC 3339), so that
	// downstream users (job results, replays) keep them.
	Time string `json:"time,omitempty"`
	insights.Dims
	Role string `json:"role,omitempty"`
}
