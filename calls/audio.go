package calls

import (
	"context"
	"fmt"
	"math"

	"github.com/tingzhen/tingzhen/calls/vad"
)

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
	Channel  int           `json:"channel"`
	Role     string        `json:"role"`
	Speech   float64       `json:"speech"` // seconds
	Segments []vad.Segment `json:"segments"`
}

// Alignment compares transcript turns with VAD speech.
type Alignment struct {
	// Covered is the share of transcript turn time that VAD marks as speech (any channel).
	Covered float64 `json:"covered"`
	// TurnsAligned counts turns that overlap speech on some channel (stereo: assigned to it).
	TurnsAligned int `json:"turns_aligned"`
	// RolesFromAudio counts turns whose unknown role was taken from their channel.
	RolesFromAudio int `json:"roles_from_audio"`
	// Disagree counts turns whose given role differs from their channel's role.
	Disagree int `json:"disagree"`
}

type vadRunner struct{ d *vad.Detector }

func (v *vadRunner) close() error { return v.d.Close() }

func (a *Analyzer) detector() (*vad.Detector, error) {
	a.vadOnce.Do(func() {
		cfg := a.e.Config()
		d, err := vad.New(vad.Config{Home: cfg.Home, ORTLib: cfg.ORTLib, Model: a.opt.VADModel})
		if err != nil {
			a.vadErr = fmt.Errorf("load VAD: %w", err)
			return
		}
		a.vad = &vadRunner{d}
	})
	if a.vadErr != nil {
		return nil, a.vadErr
	}
	return a.vad.d, nil
}

// analyzeAudio runs VAD per channel, measures talk/silence/overtalk from it and, when the
// call has timed turns, aligns them: each turn goes to the channel with the most speech
// overlap, and takes that channel's role if its own is unknown. chanOf[i] is turn i's
// channel (-1: none).
func (a *Analyzer) analyzeAudio(ctx context.Context, call *Call, res *CallResult) (chanOf []int, err error) {
	au := call.Audio
	d, err := a.detector()
	if err != nil {
		return nil, err
	}
	segs, err := d.Detect(ctx, au.Channels, au.SampleRate)
	if err != nil {
		return nil, fmt.Errorf("vad call %s: %w", res.ID, err)
	}
	ar := &AudioResult{SampleRate: au.SampleRate, Duration: r3(au.Duration())}
	var spans []span
	for c, ss := range segs {
		role := RoleUnknown
		if c < len(au.Roles) {
			role = au.Roles[c]
		}
		cs := ChannelSpeech{Channel: c, Role: role, Segments: make([]vad.Segment, 0, len(ss))}
		for _, s := range ss {
			s.Start, s.End = r3(s.Start), r3(s.End)
			cs.Segments = append(cs.Segments, s)
			cs.Speech += s.End - s.Start
			spans = append(spans, span{role: role, start: s.Start, end: s.End})
		}
		cs.Speech = r3(cs.Speech)
		ar.Channels = append(ar.Channels, cs)
	}
	ar.Metrics = computeMetrics("vad", spans, au.Duration(), a.opt.SilenceMin, a.opt.OvertalkMin, false)
	res.Audio = ar
	if len(call.Turns) == 0 {
		return nil, nil
	}
	if !call.Timed {
		res.Warnings = append(res.Warnings, "audio_not_aligned: the transcript has no timestamps")
		return nil, nil
	}
	al := &Alignment{}
	chanOf = make([]int, len(call.Turns))
	var allSpeech []iv
	perChan := make([][]iv, len(segs))
	for c, ss := range segs {
		for _, s := range ss {
			perChan[c] = append(perChan[c], iv{s.Start, s.End})
			allSpeech = append(allSpeech, iv{s.Start, s.End})
		}
	}
	allU := union(allSpeech)
	turnTime, covered := 0.0, 0.0
	for i := range call.Turns {
		t := &call.Turns[i]
		chanOf[i] = -1
		tv := []iv{{t.Start, t.End}}
		turnTime += t.End - t.Start
		covered += total(intersect(tv, allU))
		best, bestOv := -1, 0.0
		for c := range perChan {
			if ov := total(intersect(tv, perChan[c])); ov > bestOv {
				best, bestOv = c, ov
			}
		}
		if best < 0 {
			continue
		}
		al.TurnsAligned++
		if len(segs) < 2 {
			continue
		}
		chanOf[i] = best
		t.Channel = best
		if crole := au.Roles[best]; crole != RoleUnknown {
			switch t.Role {
			case RoleUnknown:
				t.Role = crole
				al.RolesFromAudio++
			case crole:
			default:
				al.Disagree++
			}
		}
	}
	if turnTime > 0 {
		al.Covered = r3(math.Min(1, covered/turnTime))
	}
	ar.Alignment = al
	if al.Disagree > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("audio_role_mismatch: %d turns carry a role other than their channel's", al.Disagree))
	}
	return chanOf, nil
}
