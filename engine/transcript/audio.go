package transcript

import "context"

// AudioResult is what VAD found in the call audio.
type AudioResult struct {
	SampleRate int             `json:"sample_rate"`
	Duration   float64         `json:"duration"`
	Channels   []ChannelSpeech `json:"channels"`
	Metrics    *Metrics        `json:"metrics"`
	Alignment  *Alignment      `json:"alignment,omitempty"`
}

// ChannelSpeech is the speech found on one channel.
type ChannelSpeech struct {
	Channel  int          `json:"channel"`
	Role     string       `json:"role"`
	Speech   float64      `json:"speech"` // seconds
	Segments []SpeechSpan `json:"segments"`
}

// SpeechSpan is one VAD speech segment, seconds.
type SpeechSpan struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// Alignment compares transcript turns with VAD speech.
type Alignment struct {
	Covered        float64 `json:"covered"`       // share of transcript turn time that VAD marks as speech
	TurnsAligned   int     `json:"turns_aligned"` // turns assigned to a channel
	RolesFromAudio int     `json:"roles_from_audio"`
}

type vadRunner struct{}

func (v *vadRunner) close() error { return nil }

func (a *Analyzer) analyzeAudio(ctx context.Context, call *Call, res *CallResult) error {
	return nil
}
