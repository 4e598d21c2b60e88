package record

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/mention"
)

// Call is an analysed call as the counters take it: one record with the call's id, event
// time, dims and industry, whose text is the customer's turns and whose mentions are every
// turn's, each marked with its speaker's role (only the customer's count).
type Call struct {
	// ID is the call's record id; "" counts the call by its content (ContentID of the
	// customer's text, Time and Dims), as for a call whose id was made up by the parser.
	ID string
	// Time is the call's event time (RFC 3339 as calls echo it); "" is the time of
	// recording.
	Time string
	insights.Dims
	// Industry is the call's industry id ("" when unknown: no candidate terms).
	Industry string
	// Sentiment is the customer's remembered experience of the call (negative, neutral,
	// positive; "" when the customer said nothing analysed).
	Sentiment string
	// Turns in call order.
	Turns []Turn
}

// Turn is one turn of a call: its speaker's role (customer, agent, system, unknown), the
// text that was analysed (offsets of its mentions are code points of it) and its mentions.
type Turn struct {
	Role     string
	Text     string
	Mentions []mention.Mention
}

// CallRecord turns a call into the counters' record: the customer's turns joined by "\n" as
// its text, the customer's mentions re-based onto that text, the other turns' mentions
// kept with their own offsets; a mention without a role takes its turn's.
func CallRecord(c *Call, now time.Time) insights.Record {
	var text strings.Builder
	var ms []mention.Mention
	offset := 0
	for _, t := range c.Turns {
		customer := t.Role == engine.RoleCustomer
		shift := 0
		if customer && t.Text != "" {
			if text.Len() > 0 {
				text.WriteString("\n")
				offset++
			}
			shift = offset
			text.WriteString(t.Text)
			offset += utf8.RuneCountInString(t.Text)
		}
		for _, m := range t.Mentions {
			if m.Role == "" {
				m.Role = t.Role
			}
			if customer {
				m.Start += shift
				m.End += shift
				m.OpinionStart += shift
				m.OpinionEnd += shift
			}
			ms = append(ms, m)
		}
	}
	s := text.String()
	id := c.ID
	if id == "" {
		id = ContentID(s, c.Time, c.Dims)
	}
	return insights.Record{ID: id, Time: eventTime(c.Time, now), Dims: c.Dims, Industry: c.Industry, Sentiment: c.Sentiment, Text: s, Mentions: ms}
}
