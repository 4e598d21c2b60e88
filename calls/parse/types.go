package parse

import "github.com/tingzhen/tingzhen/insights"

// Roles of a turn.
const (
	RoleAgent    = "agent"
	RoleCustomer = "customer"
	RoleUnknown  = "unknown"
	// RoleSystem (package calls, system.go) marks machine text.
)

// Turn is one utterance (ASR segment, subtitle cue or chat message).
type Turn struct {
	Speaker string  `json:"speaker,omitempty"` // the label as given (spk id, name, 坐席 …)
	Role    string  `json:"role"`              // agent | customer | unknown
	Start   float64 `json:"start"`             // seconds from the call start (0 when untimed)
	End     float64 `json:"end"`
	Text    string  `json:"text"`
	Channel int     `json:"channel,omitempty"` // audio channel (0 left/mono, 1 right)
}

// Audio is decoded PCM audio of a call, one float32 slice in [-1, 1] per channel.
type Audio struct {
	SampleRate int         `json:"sample_rate"`
	Channels   [][]float32 `json:"-"`
	// Roles names the party of each channel (agent left, customer right by default; mono: unknown).
	Roles []string `json:"roles"`
}

// Duration is the audio length in seconds.
func (a *Audio) Duration() float64 {
	if a == nil || a.SampleRate == 0 || len(a.Channels) == 0 {
		return 0
	}
	return float64(len(a.Channels[0])) / float64(a.SampleRate)
}

// Call is one conversation to analyse.
type Call struct {
	ID       string `json:"id"`
	Industry string `json:"industry,omitempty"`
	Turns    []Turn `json:"turns"`
	// Timed says the turns carry real start/end times (metrics need them).
	Timed bool `json:"timed"`
	// Format is the input format the call was parsed from.
	Format string `json:"format,omitempty"`
	// Transferred and Repeat are flags a chat log may carry (JDDC transfer / repeat columns).
	Transferred bool `json:"transferred,omitempty"`
	Repeat      bool `json:"repeat,omitempty"`
	// AutoID says ID was made up by ParseWith ("call", "call-2" …) for a transcript without
	// ids: the counters then key the call by its content, not by that name.
	AutoID bool `json:"-"`
	// Time is when the call took place (any format insights.ParseTime reads); empty: the
	// time of analysis. The dims say where (channel, brand, store …).
	Time string `json:"time,omitempty"`
	insights.Dims
	// Audio is set for WAV input; Analyze runs VAD over it.
	Audio *Audio `json:"audio,omitempty"`
}
