package calls

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/engine"
)

// testEngine is the one Engine of this test binary (nil when ONNX Runtime is missing).
var (
	testEngine    *engine.Engine
	testEngineErr error
)

func TestMain(m *testing.M) {
	ctx := context.Background()
	testEngine, testEngineErr = engine.New(ctx, engine.Config{Home: "..", IntraOpThreads: 1, InferWorkers: 1})
	code := m.Run()
	if testEngine != nil {
		testEngine.Close()
	}
	os.Exit(code)
}

func needEngine(t testing.TB) *engine.Engine {
	t.Helper()
	if testEngine == nil {
		t.Skipf("no engine (ONNX Runtime or models missing; run `make deps` and set TINGZHEN_ORT_LIB): %v", testEngineErr)
	}
	return testEngine
}

func loadFunASR(t testing.TB, short string) Call {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "jddc_"+short+".funasr.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls, err := Parse(f, "auto")
	if err != nil {
		t.Fatal(err)
	}
	return calls[0]
}

// TestRolesInferredOnJDDC: the FunASR fixtures carry only spk 0/1; the inferred agent must
// be the JDDC agent (role column 1) in every session.
func TestRolesInferredOnJDDC(t *testing.T) {
	for _, truth := range loadJDDCFixtures(t) {
		short := truth.ID[:8]
		t.Run(short, func(t *testing.T) {
			c := loadFunASR(t, short)
			if !c.Timed || c.Turns[0].Role != RoleUnknown {
				t.Fatalf("fixture should be timed and unlabelled")
			}
			flat := make([]string, len(c.Turns))
			for i, tr := range c.Turns {
				cl, _ := Clean(tr.Text)
				flat[i] = stripPunct(cl)
			}
			info := inferRoles(c.Turns, flat, nil)
			if info.Source != "inferred" || info.Confidence < 0.5 {
				t.Errorf("roles %+v", info)
			}
			// ground truth: spk 0 is the session's first non-empty speaker.
			var truthRoles []string
			for _, tr := range truth.Turns {
				if asrText(tr.Text) != "" {
					truthRoles = append(truthRoles, tr.Role)
				}
			}
			if len(truthRoles) != len(c.Turns) {
				t.Fatalf("%d turns vs %d in the TSV", len(c.Turns), len(truthRoles))
			}
			for i := range c.Turns {
				if c.Turns[i].Role != truthRoles[i] {
					t.Fatalf("turn %d (%s): inferred %s, truth %s", i, c.Turns[i].Text, c.Turns[i].Role, truthRoles[i])
				}
			}
		})
	}
}

// TestMetricsOnDerivedTimestamps checks the timing metrics against the conversion rule of
// the fixtures: no overlap, every agent reply 1.2 s after the customer (silence ≥ 1 s),
// customer replies after 0.8 s, 4.5 characters per second.
func TestMetricsOnDerivedTimestamps(t *testing.T) {
	for _, truth := range loadJDDCFixtures(t) {
		short := truth.ID[:8]
		t.Run(short, func(t *testing.T) {
			c := loadFunASR(t, short)
			var spans []span
			talk := map[string]float64{}
			replies := 0
			prev := ""
			// roles from the conversion rule (spk 0 = first speaker)
			first := ""
			for _, tr := range truth.Turns {
				if asrText(tr.Text) != "" {
					first = tr.Role
					break
				}
			}
			for _, tr := range c.Turns {
				role := first
				if tr.Speaker == "1" {
					role = map[string]string{RoleAgent: RoleCustomer, RoleCustomer: RoleAgent}[first]
				}
				spans = append(spans, span{role: role, start: tr.Start, end: tr.End, chars: speechChars(tr.Text)})
				talk[role] += tr.End - tr.Start
				if prev == RoleCustomer && role == RoleAgent {
					replies++
				}
				prev = role
			}
			m := computeMetrics("transcript", spans, 0, 1.0, 0.2, true)
			for role, want := range talk {
				if !near(m.TalkTime[role], want, 0.01) {
					t.Errorf("talk %s %.3f, want %.3f", role, m.TalkTime[role], want)
				}
			}
			if m.Overtalk.Count != 0 {
				t.Errorf("overtalk %+v, want none", m.Overtalk)
			}
			if m.Silence.Count != replies || !near(m.Silence.Total, fixAgentGap*float64(replies), 0.01) || !near(m.Silence.Longest, fixAgentGap, 0.002) {
				t.Errorf("silence %+v, want %d gaps of %.1f s", m.Silence, replies, fixAgentGap)
			}
			if m.Latency == nil || m.Latency.Count != replies || !near(m.Latency.Mean, fixAgentGap, 0.002) || !near(m.Latency.Max, fixAgentGap, 0.002) {
				t.Errorf("latency %+v, want %d × %.1f s", m.Latency, replies, fixAgentGap)
			}
			for role, r := range m.SpeechRate {
				if r < 0.8*fixCharsPerSec*60 || r > 1.02*fixCharsPerSec*60 {
					t.Errorf("speech rate %s %.0f chars/min, want ≈%.0f", role, r, fixCharsPerSec*60)
				}
			}
			sum := 0.0
			for _, v := range m.TalkRatio {
				sum += v
			}
			if !near(sum, 1, 0.002) {
				t.Errorf("talk ratios sum to %.3f", sum)
			}
		})
	}
}

func TestMetricsOverlap(t *testing.T) {
	// Hand-built timeline: agent 0–4, customer 3–6 (1 s overtalk), silence 6–9 (3 s),
	// agent 9–10, customer 10.1–12 (0.1 s gap: no silence), agent 11.95–13 (0.05 s overlap: under threshold).
	spans := []span{{RoleAgent, 0, 4, 20}, {RoleCustomer, 3, 6, 12}, {RoleAgent, 9, 10, 5}, {RoleCustomer, 10.1, 12, 8}, {RoleAgent, 11.95, 13, 5}}
	m := computeMetrics("transcript", spans, 0, 1.0, 0.2, true)
	if m.Overtalk.Count != 1 || !near(m.Overtalk.Total, 1, 1e-6) {
		t.Errorf("overtalk %+v", m.Overtalk)
	}
	if m.Silence.Count != 1 || !near(m.Silence.Total, 3, 1e-6) || !near(m.Duration, 13, 1e-6) {
		t.Errorf("silence %+v duration %v", m.Silence, m.Duration)
	}
	if m.Latency.Count != 2 || m.Latency.Interrupts != 1 || !near(m.Latency.Max, 3, 1e-6) {
		t.Errorf("latency %+v", m.Latency)
	}
}

func TestEmotionLexicon(t *testing.T) {
	lex, err := NewEmotionLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if lex.Len() < 20000 {
		t.Errorf("only %d words", lex.Len())
	}
	tests := []struct {
		text  string
		words []string
		want  string // first emotion, "" none
	}{
		{"你们这服务真让我愤怒", nil, "anger"},
		{"我很担心今天还到不了", nil, "anxiety"},
		{"太失望了", nil, "disappointment"},
		{"非常感谢你的帮助", nil, "satisfaction"},
		{"我不生气", nil, ""},
		{"明天就不安排了吗", []string{"明天", "就", "不", "安排", "了", "吗"}, ""},
		{"心里很不安", []string{"心里", "很", "不安"}, "anxiety"},
	}
	for _, tc := range tests {
		hits := lex.Find(tc.text, tc.words)
		got := ""
		if len(hits) > 0 {
			got = hits[0].Emotion
		}
		if got != tc.want {
			t.Errorf("Find(%q) = %+v, want %q", tc.text, hits, tc.want)
		}
	}
}

func TestAnalyzeJDDC(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	type want struct {
		risk       []string // acceptable levels
		threat     string   // a threat category that must be found ("" none required)
		resolution []string
		emotion    string // a customer emotion that must be found
		transfer   bool
		greeting   string
	}
	tests := map[string]want{
		"9aef4148": {risk: []string{"medium", "high"}, threat: "complaint", resolution: []string{"resolved", "pending"}, emotion: "disgust", greeting: "pass"},
		"0ef81ced": {risk: []string{"low", "medium"}, threat: "refund", resolution: []string{"resolved", "pending"}, emotion: "anxiety", greeting: "fail"},
		"227f2410": {risk: []string{"low", "medium"}, resolution: []string{"resolved"}, emotion: "satisfaction", greeting: "fail"},
		"06d51010": {risk: []string{"low", "medium"}, threat: "refund", transfer: true, greeting: "pass"},
		"03c46b1a": {risk: []string{"medium", "high"}, threat: "complaint", greeting: "pass"},
	}
	tsv := map[string]Call{}
	for _, c := range loadJDDCFixtures(t) {
		tsv[c.ID[:8]] = c
	}
	for short, w := range tests {
		t.Run(short, func(t *testing.T) {
			c := loadFunASR(t, short)
			c.Transferred = tsv[short].Transferred
			res, err := a.Analyze(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Turns) != len(c.Turns) || res.Metrics == nil || res.Industry == nil || res.Industry.ID != "ecommerce" && short != "03c46b1a" {
				t.Fatalf("turns %d/%d metrics %v industry %+v", len(res.Turns), len(c.Turns), res.Metrics != nil, res.Industry)
			}
			nCust := 0
			for _, tr := range res.Turns {
				if tr.Sentiment == nil || tr.Error != nil {
					t.Errorf("turn %d without sentiment: %+v", tr.Index, tr.Error)
				}
				if tr.Role == RoleCustomer {
					nCust++
				}
			}
			if len(res.Customer.Curve) != nCust {
				t.Errorf("curve %d points, %d customer turns", len(res.Customer.Curve), nCust)
			}
			pe := res.Customer.PeakEnd
			if pe.MostNegative == nil || pe.MostPositive == nil || pe.MostNegative.Valence > pe.MostPositive.Valence || pe.Score < -1 || pe.Score > 1 {
				t.Errorf("peak-end %+v", pe)
			}
			if !contains(w.risk, res.Risk.Level) {
				t.Errorf("risk %s (%v), want one of %v", res.Risk.Level, res.Risk.Reasons, w.risk)
			}
			if w.threat != "" && !hasThreat(res.Risk.Threats, w.threat) {
				t.Errorf("threats %+v, want %s", res.Risk.Threats, w.threat)
			}
			if w.resolution != nil && !contains(w.resolution, res.Resolution.Status) {
				t.Errorf("resolution %+v, want %v", res.Resolution, w.resolution)
			}
			if w.emotion != "" && !hasEmotion(res.Customer.Emotions, w.emotion) {
				t.Errorf("customer emotions %+v, want %s", res.Customer.Emotions, w.emotion)
			}
			if w.transfer && (!res.Risk.Transferred || !strings.Contains(strings.Join(res.Risk.Reasons, ";"), "transferred")) {
				t.Errorf("transfer lost: %+v", res.Risk)
			}
			got := ""
			for _, cr := range res.Compliance {
				if cr.Kind == "required_start" {
					got = cr.Status
					if cr.Status == "pass" && (cr.Turn == nil || res.Turns[*cr.Turn].Role != RoleAgent) {
						t.Errorf("greeting evidence %+v not an agent turn", cr)
					}
				}
			}
			if got != w.greeting {
				t.Errorf("greeting %q, want %q (%+v)", got, w.greeting, res.Compliance)
			}
			mapped := 0
			for _, as := range res.PainPoints {
				if as.KG != nil {
					mapped++
				}
			}
			if mapped == 0 {
				t.Errorf("no aspect mapped onto the knowledge graph (%d aspects)", len(res.PainPoints))
			}
			if _, err := json.Marshal(res); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestAnalyzeComplianceTelecom: an authored telecom call (not real data: it exercises each
// rule kind once) — forbidden phrase, apology after a complaint threat, missing identity check.
func TestAnalyzeComplianceTelecom(t *testing.T) {
	e := needEngine(t)
	in := "[00:00.0-00:03.0] 坐席：您好很高兴为您服务请问有什么可以帮您\n" +
		"[00:03.5-00:09.0] 客户：嗯我这个月流量费又多扣了三十块钱我已经打了好几次了一直没解决\n" +
		"[00:09.8-00:12.0] 坐席：这个我也没办法系统就是这样\n" +
		"[00:11.5-00:16.0] 客户：你们太过分了我要打幺二三幺五投诉你们\n" +
		"[00:16.5-00:20.0] 坐席：非常抱歉给您带来不便我马上为您登记加急处理\n" +
		"[00:23.5-00:25.0] 客户：好吧\n" +
		"[00:25.5-00:28.0] 坐席：感谢您的来电再见\n"
	calls, err := Parse(strings.NewReader(in), "auto")
	if err != nil {
		t.Fatal(err)
	}
	calls[0].Industry = "telecom"
	res, err := Analyze(context.Background(), e, calls[0])
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, c := range res.Compliance {
		status[c.ID] = c.Status
	}
	want := map[string]string{"greeting": "pass", "identity": "fail", "apology_on_complaint": "pass", "forbidden": "fail", "closing": "pass"}
	for id, s := range want {
		if status[id] != s {
			t.Errorf("%s: %s, want %s", id, status[id], s)
		}
	}
	if res.Turns[3].Clean != "你们太过分了我要打12315投诉你们" {
		t.Errorf("clean %q", res.Turns[3].Clean)
	}
	if !hasThreat(res.Risk.Threats, "regulator") || !res.Risk.RepeatContact || res.Risk.Level != "high" {
		t.Errorf("risk %+v", res.Risk)
	}
	if res.Resolution.Status != "pending" {
		t.Errorf("resolution %+v, want pending (customer accepted a promise)", res.Resolution)
	}
	m := res.Metrics
	if m.Overtalk.Count != 1 || !near(m.Overtalk.Total, 0.5, 1e-6) || m.Silence.Count != 1 || !near(m.Silence.Longest, 3.5, 1e-6) {
		t.Errorf("metrics %+v", m)
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func hasThreat(ss []Signal, cat string) bool {
	for _, s := range ss {
		if s.Category == cat {
			return true
		}
	}
	return false
}

func hasEmotion(es []EmotionScore, e string) bool {
	for _, x := range es {
		if x.Emotion == e {
			return true
		}
	}
	return false
}

var _ = fmt.Sprint
