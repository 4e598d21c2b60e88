package parse

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name, format, in string
		wantFormat       string
		turns            int
		timed            bool
		roles            []string // per turn, before inference
		starts           []float64
		text0            string
	}{
		{"json seconds", "auto", `[{"speaker":"坐席","start":0.0,"end":2.5,"text":"您好很高兴为您服务"},{"speaker":"客户","start":3.1,"end":6.0,"text":"我的快递三天了还没到"}]`,
			FormatJSON, 2, true, []string{RoleAgent, RoleCustomer}, []float64{0, 3.1}, "您好很高兴为您服务"},
		{"json ms integers (FunASR)", "", `[{"key":"c1","text":"x","sentence_info":[{"text":"喂你好","start":120,"end":1500,"spk":0},{"text":"您好请问有什么可以帮您","start":1800,"end":4200,"spk":1}]}]`,
			FormatJSON, 2, true, []string{RoleUnknown, RoleUnknown}, []float64{0.12, 1.8}, "喂你好"},
		{"json integer seconds", "json", `{"id":"x","segments":[{"role":"agent","start":0,"end":3,"text":"您好"},{"role":"customer","start":4,"end":9,"text":"我要退款"}]}`,
			FormatJSON, 2, true, []string{RoleAgent, RoleCustomer}, []float64{0, 4}, "您好"},
		{"json explicit ms", "json", `{"time_unit":"ms","segments":[{"role":"agent","start":0,"end":300,"text":"您好"}]}`,
			FormatJSON, 1, true, []string{RoleAgent}, []float64{0}, "您好"},
		{"json untimed", "json", `[{"role":"客户","text":"东西坏了"},{"role":"客服","text":"非常抱歉"}]`,
			FormatJSON, 2, false, []string{RoleCustomer, RoleAgent}, []float64{0, 0}, "东西坏了"},
		{"srt with labels", "auto", "1\n00:00:00,000 --> 00:00:02,500\n坐席：您好 工号1023为您服务\n\n2\n00:00:03,000 --> 00:00:07,250\n客户：我的宽带又断了\n",
			FormatSRT, 2, true, []string{RoleAgent, RoleCustomer}, []float64{0, 3}, "您好 工号1023为您服务"},
		{"vtt voice tags", "auto", "WEBVTT\n\n00:01.000 --> 00:03.000\n<v 客服>您好请问有什么可以帮您</v>\n\n00:03.500 --> 00:06.000\n<v Speaker 2>信号太差了\n",
			FormatVTT, 2, true, []string{RoleAgent, RoleUnknown}, []float64{1, 3.5}, "您好请问有什么可以帮您"},
		{"lines", "auto", "坐席：您好，很高兴为您服务\n客户：我想投诉\n继续说一句\n",
			FormatLines, 2, false, []string{RoleAgent, RoleCustomer}, []float64{0, 0}, "您好，很高兴为您服务"},
		{"lines with times", "lines", "[00:00.0-00:02.0] 坐席：您好\n[00:02.5-00:05.0] 客户：喂\n",
			FormatLines, 2, true, []string{RoleAgent, RoleCustomer}, []float64{0, 2.5}, "您好"},
		{"jddc tsv", "auto", "s1\tU1\t0\t0\t0\tnan\t人工客服 你好\ns1\tU1\t1\t1\t0\tnan\t有什么问题我可以帮您处理或解决呢?\n",
			FormatJDDC, 2, false, []string{RoleCustomer, RoleAgent}, []float64{0, 0}, "人工客服 你好"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls, err := Parse(strings.NewReader(tc.in), tc.format)
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) != 1 {
				t.Fatalf("%d calls, want 1", len(calls))
			}
			c := calls[0]
			if c.Format != tc.wantFormat || len(c.Turns) != tc.turns || c.Timed != tc.timed {
				t.Fatalf("format %s turns %d timed %v; want %s %d %v", c.Format, len(c.Turns), c.Timed, tc.wantFormat, tc.turns, tc.timed)
			}
			for i, tr := range c.Turns {
				if tr.Role != tc.roles[i] || !near(tr.Start, tc.starts[i], 1e-9) {
					t.Errorf("turn %d: role %s start %v; want %s %v", i, tr.Role, tr.Start, tc.roles[i], tc.starts[i])
				}
			}
			if c.Turns[0].Text != tc.text0 {
				t.Errorf("text %q, want %q", c.Turns[0].Text, tc.text0)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, format, in string }{
		{"end before start", "json", `[{"start":5,"end":1,"text":"x"}]`},
		{"mixed timing", "json", `[{"start":0,"end":1,"text":"x"},{"text":"y"}]`},
		{"no text", "json", `[{"start":0,"end":1}]`},
		{"bad unit", "json", `{"time_unit":"h","segments":[{"start":0,"end":1,"text":"x"}]}`},
		{"bad jddc role", "jddc", "s\tu\t7\t0\t0\tnan\tx\n"},
		{"short jddc", "jddc", "s\tu\t0\n"},
		{"srt bad clock", "srt", "1\n00:00:xx,000 --> 00:00:02,000\n坐席：你好\n"},
		{"empty lines", "lines", "\n\n"},
		{"unknown format", "docx", "x"},
		{"auto broken json object", "auto", `{"segments": [`},
		{"auto broken json list", "auto", `[{"text": "x"`},
		{"not wav", "wav", "RIFF0000WAVEjunk"},
		{"invalid utf8", "lines", "坐席：\xff\xfe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.in), tc.format)
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
		})
	}
}

func TestParseWAV(t *testing.T) {
	data, err := os.ReadFile("../testdata/aishell-BAC009S0724W0121.wav")
	if err != nil {
		t.Fatal(err)
	}
	calls, err := Parse(bytes.NewReader(data), "auto")
	if err != nil {
		t.Fatal(err)
	}
	a := calls[0].Audio
	if calls[0].Format != FormatWAV || a == nil || a.SampleRate != 16000 || len(a.Channels) != 1 {
		t.Fatalf("got %+v", calls[0])
	}
	if d := a.Duration(); !near(d, 4.28, 0.05) {
		t.Errorf("duration %.3f s, want ≈4.28", d)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`[{"speaker":"坐席","start":0.0,"end":2.5,"text":"您好"}]`,
		`[{"key":"k","sentence_info":[{"text":"喂","start":1,"end":2000,"spk":0}]}]`,
		"1\n00:00:00,000 --> 00:00:02,500\n坐席：您好\n",
		"WEBVTT\n\n00:01.000 --> 00:03.000\n<v 客服>您好</v>\n",
		"s1\tU1\t0\t0\t0\tnan\t你好\n",
		"[00:00.0-00:02.0] 坐席：您好\n客户：喂\n",
		"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00\x00\x7d\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		calls, err := Parse(bytes.NewReader(data), "auto")
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error not wrapping ErrFormat: %v", err)
			}
			return
		}
		for _, c := range calls {
			for _, tr := range c.Turns {
				if tr.End < tr.Start || tr.Start < 0 || math.IsNaN(tr.Start) {
					t.Fatalf("bad turn times %+v", tr)
				}
			}
		}
	})
}
