package insights

import (
	"time"

	"github.com/tingzhen/tingzhen/mention"
)

// Dims are a record's dimensions. Empty fields are unknown. They travel on engine.Input
// (inlined in its JSON) and key the counters.
type Dims struct {
	Channel string   `json:"channel,omitempty"` // 渠道: app, 400热线, 在线客服, 京东, 美团 …
	Brand   string   `json:"brand,omitempty"`   // the brand the record is about (ours or a competitor's)
	Product string   `json:"product,omitempty"`
	Store   string   `json:"store,omitempty"`   // 门店 / shop
	Region  string   `json:"region,omitempty"`  // 区域
	Segment string   `json:"segment,omitempty"` // customer segment
	Tags    []string `json:"tags,omitempty"`    // free tags
}

// Record is one analysed record as the counters see it: who said what, when, where.
// Mentions holds every mention of the result; only customer-voice mentions (Role "" or
// "customer") with a graph place are counted.
type Record struct {
	ID         string            // idempotency key: the same ID ingested again replaces the earlier one
	Time       time.Time         // event time (when the customer said it), not analysis time
	Industry   string            // industry id
	Dims       Dims              //
	Sentiment  string            // record-level polarity: negative | neutral | positive
	Text       string            // the record's text, for evidence (clipped by the store)
	Mentions   []mention.Mention //
	Indicators []mention.Indicator
}
