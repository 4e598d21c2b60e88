package calls

import (
	"math"
	"sort"
	"unicode"
)

// Metrics are the timing measures of a call (from turn timestamps or from VAD).
type Metrics struct {
	Source     string             `json:"source"`   // transcript | vad
	Duration   float64            `json:"duration"` // seconds, first speech start to last speech end (audio length for VAD)
	TalkTime   map[string]float64 `json:"talk_time"`
	TalkRatio  map[string]float64 `json:"talk_ratio"` // share of total talk time per role
	Turns      map[string]int     `json:"turns"`
	Silence    Silence            `json:"silence"`
	Overtalk   Overtalk           `json:"overtalk"`
	Latency    *Latency           `json:"agent_latency,omitempty"`
	SpeechRate map[string]float64 `json:"speech_rate,omitempty"` // characters per minute of talk
}

// Silence is time when nobody talks, counting only gaps of at least Threshold seconds.
type Silence struct {
	Threshold float64 `json:"threshold"`
	Total     float64 `json:"total"`
	Longest   float64 `json:"longest"`
	Count     int     `json:"count"`
	Ratio     float64 `json:"ratio"` // Total / Duration
}

// Overtalk is time when agent and customer talk at once (overlaps of at least Threshold s).
type Overtalk struct {
	Threshold float64 `json:"threshold"`
	Count     int     `json:"count"`
	Total     float64 `json:"total"`
}

// Latency is how long the agent takes to answer after a customer turn ends (0 when the agent barged in).
type Latency struct {
	Count      int     `json:"count"`
	Mean       float64 `json:"mean"`
	Median     float64 `json:"median"`
	Max        float64 `json:"max"`
	Interrupts int     `json:"interrupts"` // agent started before the customer finished
}

type span struct {
	role       string
	start, end float64
	chars      int
}

type iv struct{ s, e float64 }

func union(spans []iv) []iv {
	if len(spans) == 0 {
		return nil
	}
	s := append([]iv(nil), spans...)
	sort.Slice(s, func(i, j int) bool { return s[i].s < s[j].s })
	out := []iv{s[0]}
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.s <= last.e {
			last.e = math.Max(last.e, x.e)
		} else {
			out = append(out, x)
		}
	}
	return out
}

func total(u []iv) float64 {
	t := 0.0
	for _, x := range u {
		t += x.e - x.s
	}
	return t
}

func intersect(a, b []iv) []iv {
	var out []iv
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		s, e := math.Max(a[i].s, b[j].s), math.Min(a[i].e, b[j].e)
		if e > s {
			out = append(out, iv{s, e})
		}
		if a[i].e < b[j].e {
			i++
		} else {
			j++
		}
	}
	return out
}

func r3(x float64) float64 { return math.Round(x*1000) / 1000 }

// computeMetrics measures spans (start-ordered turns or VAD segments). duration <= 0 means
// first start to last end. withText adds speech rate (chars per minute of talk).
func computeMetrics(source string, spans []span, duration, silenceMin, overtalkMin float64, withText bool) *Metrics {
	m := &Metrics{Source: source, TalkTime: map[string]float64{}, TalkRatio: map[string]float64{}, Turns: map[string]int{},
		Silence: Silence{Threshold: silenceMin}, Overtalk: Overtalk{Threshold: overtalkMin}}
	if len(spans) == 0 {
		m.Duration = r3(math.Max(duration, 0))
		return m
	}
	byRole := map[string][]iv{}
	var all []iv
	chars := map[string]int{}
	first, last := math.Inf(1), math.Inf(-1)
	for _, s := range spans {
		byRole[s.role] = append(byRole[s.role], iv{s.start, s.end})
		all = append(all, iv{s.start, s.end})
		chars[s.role] += s.chars
		m.Turns[s.role]++
		first, last = math.Min(first, s.start), math.Max(last, s.end)
	}
	lo, hi := first, last
	if duration > 0 {
		lo, hi = 0, duration
	}
	m.Duration = r3(hi - lo)
	u := union(all)
	talk := total(u)
	for role, spans := range byRole {
		t := total(union(spans))
		m.TalkTime[role] = r3(t)
		if talk > 0 {
			m.TalkRatio[role] = r3(t / talk)
		}
		if withText && t > 0 {
			if m.SpeechRate == nil {
				m.SpeechRate = map[string]float64{}
			}
			m.SpeechRate[role] = math.Round(float64(chars[role]) / (t / 60))
		}
	}
	// Silence: gaps between talk (and before/after it when the audio length is known).
	prev := lo
	for _, x := range append(u, iv{hi, hi}) {
		if g := x.s - prev; g >= silenceMin && g > 0 {
			m.Silence.Total += g
			m.Silence.Count++
			m.Silence.Longest = math.Max(m.Silence.Longest, g)
		}
		prev = math.Max(prev, x.e)
	}
	m.Silence.Total, m.Silence.Longest = r3(m.Silence.Total), r3(m.Silence.Longest)
	if hi > lo {
		m.Silence.Ratio = r3(m.Silence.Total / (hi - lo))
	}
	for _, x := range intersect(union(byRole[RoleAgent]), union(byRole[RoleCustomer])) {
		if x.e-x.s >= overtalkMin {
			m.Overtalk.Count++
			m.Overtalk.Total += x.e - x.s
		}
	}
	m.Overtalk.Total = r3(m.Overtalk.Total)
	{
		spans := append([]span(nil), spans...)
		sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		var lats []float64
		inter := 0
		for i := 0; i+1 < len(spans); i++ {
			if spans[i].role == RoleCustomer && spans[i+1].role == RoleAgent {
				d := spans[i+1].start - spans[i].end
				if d < 0 {
					inter++
					d = 0
				}
				lats = append(lats, d)
			}
		}
		if len(lats) > 0 {
			sort.Float64s(lats)
			sum := 0.0
			for _, l := range lats {
				sum += l
			}
			med := lats[len(lats)/2]
			if len(lats)%2 == 0 {
				med = (lats[len(lats)/2-1] + lats[len(lats)/2]) / 2
			}
			m.Latency = &Latency{Count: len(lats), Mean: r3(sum / float64(len(lats))), Median: r3(med), Max: r3(lats[len(lats)-1]), Interrupts: inter}
		}
	}
	return m
}

// speechChars counts letters and digits (no punctuation or spaces).
func speechChars(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
