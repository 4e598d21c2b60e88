package calls

import (
	"os"
	"testing"
)

const jddcCorpus = "../../shared/datasets/dialog/jddc_chat_0.1per.txt"

// jddcCorpusCalls parses the JDDC chat sample, skipping the test where it is absent (CI).
func jddcCorpusCalls(t *testing.T) []Call {
	t.Helper()
	f, err := os.Open(jddcCorpus)
	if err != nil {
		t.Skipf("JDDC corpus not available (%v)", err)
	}
	defer f.Close()
	calls, err := Parse(f, FormatJDDC)
	if err != nil {
		t.Fatal(err)
	}
	return calls
}

// TestRoleInferenceJDDCCorpus measures role inference on every JDDC session with at least
// two speakers: labels replaced by spk 0/1 (0 = whoever wrote first), roles inferred from
// the text alone, compared with JDDC's role column.
func TestRoleInferenceJDDCCorpus(t *testing.T) {
	calls := jddcCorpusCalls(t)
	sessions, right, turns, rightTurns := 0, 0, 0, 0
	for _, c := range calls {
		truth := make([]string, 0, len(c.Turns))
		anon := make([]Turn, 0, len(c.Turns))
		flat := make([]string, 0, len(c.Turns))
		first := ""
		for _, tr := range c.Turns {
			if first == "" {
				first = tr.Role
			}
			spk := "0"
			if tr.Role != first {
				spk = "1"
			}
			cl, _ := Clean(tr.Text)
			truth = append(truth, tr.Role)
			anon = append(anon, Turn{Speaker: spk, Role: RoleUnknown, Text: tr.Text})
			flat = append(flat, stripPunct(cl))
		}
		two := false
		for _, r := range truth {
			two = two || r != first
		}
		if !two {
			continue
		}
		inferRoles(anon, flat, nil)
		sessions++
		ok := true
		for i := range anon {
			turns++
			if anon[i].Role == truth[i] {
				rightTurns++
			} else {
				ok = false
			}
		}
		if ok {
			right++
		}
	}
	acc := float64(right) / float64(sessions)
	t.Logf("JDDC role inference: %d/%d sessions right (%.3f), %d/%d turns (%.3f)", right, sessions, acc, rightTurns, turns, float64(rightTurns)/float64(turns))
	if acc < 0.9 {
		t.Errorf("session accuracy %.3f < 0.9", acc)
	}
}
