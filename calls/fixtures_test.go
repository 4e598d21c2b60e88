package calls

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "regenerate testdata/jddc_*.funasr.json from testdata/jddc_sessions.tsv")

// Derived timing of the JDDC → ASR conversion (also asserted by the metrics tests).
const (
	fixCharsPerSec  = 4.5
	fixAgentGap     = 1.2 // seconds between a customer turn's end and the agent's reply
	fixCustomerGap  = 0.8
	fixSameRoleGap  = 0.3
	fixMinTurnSecs  = 0.6
	fixtureSessions = "testdata/jddc_sessions.tsv"
)

var placeholderRe = regexp.MustCompile(`\[[^\]]{1,12}x\]|\[[^\]]{0,12}\]`)

// asrText turns a chat message into what ASR would give: placeholders, punctuation,
// emoticons and ASCII layout removed.
func asrText(s string) string {
	s = strings.ReplaceAll(s, "!@@@!", " ")
	s = placeholderRe.ReplaceAllString(s, " ")
	var b strings.Builder
	for _, r := range s {
		if isBreak(r) || r == '~' || r == '^' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type funasrSeg struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Spk   int    `json:"spk"`
}

type funasrDoc struct {
	Key          string      `json:"key"`
	Text         string      `json:"text"`
	SentenceInfo []funasrSeg `json:"sentence_info"`
}

// jddcToFunASR converts one JDDC session into a FunASR-style result (ms integers, spk 0 =
// the first speaker, whoever it is, so roles must be inferred).
func jddcToFunASR(c Call) funasrDoc {
	doc := funasrDoc{Key: c.ID}
	t := 0.0
	firstRole := ""
	prevRole := ""
	var all []string
	for _, turn := range c.Turns {
		text := asrText(turn.Text)
		if text == "" {
			continue
		}
		if firstRole == "" {
			firstRole = turn.Role
		}
		if prevRole != "" {
			switch {
			case turn.Role == prevRole:
				t += fixSameRoleGap
			case turn.Role == RoleAgent:
				t += fixAgentGap
			default:
				t += fixCustomerGap
			}
		}
		d := float64(utf8.RuneCountInString(text)) / fixCharsPerSec
		if d < fixMinTurnSecs {
			d = fixMinTurnSecs
		}
		spk := 0
		if turn.Role != firstRole {
			spk = 1
		}
		doc.SentenceInfo = append(doc.SentenceInfo, funasrSeg{Text: text, Start: int(t*1000 + 0.5), End: int((t+d)*1000 + 0.5), Spk: spk})
		all = append(all, text)
		t += d
		prevRole = turn.Role
	}
	doc.Text = strings.Join(all, "")
	return doc
}

func loadJDDCFixtures(t testing.TB) []Call {
	t.Helper()
	f, err := os.Open(fixtureSessions)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls, err := Parse(f, FormatJDDC)
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

func TestGenerateFixtures(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate the FunASR fixtures")
	}
	for _, c := range loadJDDCFixtures(t) {
		b, err := json.MarshalIndent([]funasrDoc{jddcToFunASR(c)}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join("testdata", fmt.Sprintf("jddc_%s.funasr.json", c.ID[:8]))
		if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
