package calls

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// utterance is one synthetic turn of a generated stereo call.
type utterance struct {
	role  string
	text  string
	after float64 // seconds after the previous utterance ends (negative: overlap)
}

// synth renders text with espeak-ng's Mandarin voice, converted by sox to 16 kHz mono
// 16-bit and trimmed of leading/trailing silence, so its length is all speech.
func synth(t testing.TB, dir, name, text string) []float32 {
	t.Helper()
	raw := filepath.Join(dir, name+".raw.wav")
	out := filepath.Join(dir, name+".wav")
	if b, err := exec.Command("espeak-ng", "-v", "cmn", "-s", "170", "-w", raw, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, b)
	}
	if b, err := exec.Command("sox", raw, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", out,
		"silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse").CombinedOutput(); err != nil {
		t.Fatalf("sox: %v %s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	_, ch, err := DecodeWAV(data)
	if err != nil {
		t.Fatal(err)
	}
	return ch[0]
}

func needAudioTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (make audio-tools: apt-get install -y espeak-ng sox): skipping generated-call tests", tool)
		}
	}
}

// encodeWAV writes 16-bit PCM WAV.
func encodeWAV(rate int, chans [][]float32) []byte {
	n, nc := len(chans[0]), len(chans)
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + n*nc*2))
	b.WriteString("WAVEfmt ")
	w(uint32(16))
	w(uint16(1))
	w(uint16(nc))
	w(uint32(rate))
	w(uint32(rate * nc * 2))
	w(uint16(nc * 2))
	w(uint16(16))
	b.WriteString("data")
	w(uint32(n * nc * 2))
	for i := 0; i < n; i++ {
		for c := 0; c < nc; c++ {
			v := chans[c][i] * 32767
			v = max(-32768, min(32767, v))
			w(int16(v))
		}
	}
	return b.Bytes()
}

type placed struct {
	role       string
	text       string
	start, end float64
}

// buildCall lays the utterances out on agent-left / customer-right channels with the
// given gaps, after lead seconds of silence and followed by tail seconds.
func buildCall(t testing.TB, dir string, utts []utterance, lead, tail float64) ([]byte, []placed) {
	const rate = 16000
	var pl []placed
	var audio [][]float32
	cur := lead
	for i, u := range utts {
		x := synth(t, dir, fmt.Sprintf("u%d", i), u.text)
		start := cur
		if i > 0 {
			start = cur + u.after
		}
		end := start + float64(len(x))/rate
		pl = append(pl, placed{u.role, u.text, start, end})
		audio = append(audio, x)
		cur = end
	}
	n := int((cur + tail) * rate)
	left, right := make([]float32, n), make([]float32, n)
	for i, p := range pl {
		dst := left
		if p.role == RoleCustomer {
			dst = right
		}
		off := int(p.start * rate)
		for j, v := range audio[i] {
			if off+j < n {
				dst[off+j] += v
			}
		}
	}
	return encodeWAV(rate, [][]float32{left, right}), pl
}

func generatedCall(t testing.TB) ([]byte, []placed) {
	needAudioTools(t)
	dir := t.TempDir()
	return buildCall(t, dir, []utterance{
		{RoleAgent, "您好，很高兴为您服务，请问有什么可以帮您", 0},
		{RoleCustomer, "我的快递三天了还没有到，我很着急", 2.0}, // 2.0 s silence
		{RoleAgent, "非常抱歉，我马上为您查询一下物流信息", -1.0}, // 1.0 s overtalk
		{RoleCustomer, "好的，谢谢你", 1.5},           // 1.5 s silence
		{RoleAgent, "感谢您的来电，再见", 0.6},           // 0.6 s: under the 1 s silence threshold
	}, 0.5, 0.5)
}

func TestGeneratedStereoCallVAD(t *testing.T) {
	e := needEngine(t)
	wav, pl := generatedCall(t)
	calls, err := Parse(bytes.NewReader(wav), "auto")
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	res, err := a.Analyze(context.Background(), calls[0])
	if err != nil {
		t.Fatal(err)
	}
	m := res.Audio.Metrics
	t.Logf("placed: %+v", pl)
	t.Logf("vad: %+v", res.Audio.Channels)
	t.Logf("metrics: %+v", *m)
	talk := map[string]float64{}
	for _, p := range pl {
		talk[p.role] += p.end - p.start
	}
	const tol = 0.35 // seconds: VAD edges (32 ms frames, hysteresis, padding) and espeak's inner pauses
	for role, want := range talk {
		if !near(m.TalkTime[role], want, tol+0.1*want) {
			t.Errorf("talk %s %.2f s, generated %.2f s", role, m.TalkTime[role], want)
		}
	}
	if m.Silence.Count != 2 || !near(m.Silence.Total, 3.5, 2*tol) || !near(m.Silence.Longest, 2.0, tol) {
		t.Errorf("silence %+v, want 2 gaps, 3.5 s in all, longest 2.0 s", m.Silence)
	}
	if m.Overtalk.Count != 1 || !near(m.Overtalk.Total, 1.0, tol) {
		t.Errorf("overtalk %+v, want 1 × 1.0 s", m.Overtalk)
	}
	if !near(m.Duration, pl[len(pl)-1].end+0.5, 0.01) || res.Metrics != m {
		t.Errorf("duration %.2f, metrics %p vs %p", m.Duration, res.Metrics, m)
	}
}

// TestGeneratedCallAligned: the same call with an unlabelled transcript; the roles come
// from the channels and every turn lies on speech.
func TestGeneratedCallAligned(t *testing.T) {
	e := needEngine(t)
	wav, pl := generatedCall(t)
	ac, err := Parse(bytes.NewReader(wav), FormatWAV)
	if err != nil {
		t.Fatal(err)
	}
	c := Call{ID: "gen", Timed: true, Audio: ac[0].Audio, Industry: "ecommerce"}
	for _, p := range pl {
		c.Turns = append(c.Turns, Turn{Role: RoleUnknown, Start: p.start, End: p.end, Text: p.text})
	}
	res, err := Analyze(context.Background(), e, c)
	if err != nil {
		t.Fatal(err)
	}
	al := res.Audio.Alignment
	if al == nil || al.TurnsAligned != len(pl) || al.RolesFromAudio != len(pl) || al.Covered < 0.85 {
		t.Fatalf("alignment %+v", al)
	}
	for i, tr := range res.Turns {
		if tr.Role != pl[i].role || tr.Channel == nil {
			t.Errorf("turn %d: role %s channel %v, want %s", i, tr.Role, tr.Channel, pl[i].role)
		}
	}
	if res.Metrics.Overtalk.Count != 1 || !near(res.Metrics.Overtalk.Total, 1.0, 0.01) {
		t.Errorf("transcript overtalk %+v", res.Metrics.Overtalk)
	}
}

// TestAISHELLCall: the real AISHELL utterance as a mono call without transcript.
func TestAISHELLCall(t *testing.T) {
	e := needEngine(t)
	f, err := os.Open("testdata/aishell-BAC009S0724W0121.wav")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls, err := Parse(f, "auto")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Analyze(context.Background(), e, calls[0])
	if err != nil {
		t.Fatal(err)
	}
	ch := res.Audio.Channels
	if len(ch) != 1 || len(ch[0].Segments) == 0 || ch[0].Speech < 2.5 {
		t.Fatalf("channels %+v", ch)
	}
	if res.Metrics == nil || res.Metrics.TalkRatio[RoleUnknown] != 1 {
		t.Errorf("metrics %+v", res.Metrics)
	}
}
