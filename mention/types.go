package mention

// KGRef places a mention on the industry knowledge graph (names, and the same nodes by id).
type KGRef struct {
	Industry   string            `json:"industry"`
	Stage      string            `json:"stage"`
	Touchpoint string            `json:"touchpoint"`
	Indicator  string            `json:"indicator"`
	Aspect     string            `json:"aspect"`
	Department string            `json:"department"`
	IDs        map[string]string `json:"ids,omitempty"` // the same nodes by id
}

// Mention is one (aspect term, opinion, polarity) mention with its point and graph place.
type Mention struct {
	Term         string  `json:"term"` // empty for an implicit aspect
	Opinion      string  `json:"opinion"`
	Polarity     string  `json:"polarity"` // negative | neutral | positive
	Start        int     `json:"start"`    // code-point span of the term (of the opinion when implicit)
	End          int     `json:"end"`
	OpinionStart int     `json:"opinion_start"`
	OpinionEnd   int     `json:"opinion_end"`
	Point        string  `json:"point,omitempty"` // pain | itch | pleasure | "" (no point)
	Confidence   float64 `json:"confidence,omitempty"`
	Source       string  `json:"source,omitempty"` // model | kg | model+kg | category
	// Role is who said it: "" or "customer" (counted), "agent" or "system" (kept in the
	// result, never counted).
	Role string `json:"role,omitempty"`
	KG   *KGRef `json:"kg,omitempty"`
}

// Indicator is the record-level verdict on one indicator: one entry per indicator per
// record, the unit CEM counts. Mentions are indexes into the record's mentions (aspects).
type Indicator struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department,omitempty"`
	Polarity   string `json:"polarity"`        // negative | neutral | positive
	Point      string `json:"point,omitempty"` // pain | itch | pleasure | ""
	// Also is the opposite point (pain or pleasure) the record gives the indicator too, where
	// it is praised and blamed in one record (Policy.Mixed, mixed.go): a second (indicator,
	// point) to count. "" otherwise.
	Also     string  `json:"also,omitempty"`
	Score    float64 `json:"score"`
	Source   string  `json:"source,omitempty"` // mentions | category
	Mentions []int   `json:"mentions"`
}
