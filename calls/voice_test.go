package calls

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/record"
)

func loadVoiceSessions(t *testing.T) map[string]Call {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "jddc_voice.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	calls, err := Parse(f, FormatJDDC)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]Call{}
	for _, c := range calls {
		m[c.ID[:8]] = c
	}
	return m
}

// TestAgentOnlyChatAddsNoPain: in these real JDDC chats every mapped aspect comes from the
// agent. The call result keeps them, marked role=agent, the call's pain points hold none,
// and counting the call adds a record but no mention and no pain.
func TestAgentOnlyChatAddsNoPain(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{Industry: "ecommerce"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	sessions := loadVoiceSessions(t)
	totalAgentPain := 0
	for _, id := range []string{"1f7ad897", "04758f3f"} {
		call := sessions[id]
		tag := "agent-only-" + id + "-" + time.Now().Format("150405.000000")
		call.Time, call.Dims = "2019-06-18 10:00", insights.Dims{Channel: "在线客服", Tags: []string{tag}}
		res, err := a.Analyze(ctx, call)
		if err != nil {
			t.Fatal(err)
		}
		agentMapped, agentPain := 0, 0
		for _, tr := range res.Turns {
			for _, as := range tr.Aspects {
				if as.Role != tr.Role {
					t.Errorf("%s turn %d: aspect %q marked %q, the turn is %s", id, tr.Index, as.Term, as.Role, tr.Role)
				}
				if as.KG == nil {
					continue
				}
				if tr.Role == RoleCustomer {
					t.Fatalf("%s: the customer's turn %d %q has a mapped aspect %q: the fixture no longer shows an agent-only chat", id, tr.Index, tr.Text, as.Term)
				}
				agentMapped++
				if as.Point == "pain" {
					agentPain++
				}
			}
		}
		if agentMapped == 0 {
			t.Fatalf("%s: no mapped agent aspect: the test would prove nothing", id)
		}
		totalAgentPain += agentPain
		for _, p := range res.PainPoints {
			if p.Role != RoleCustomer || p.KG != nil {
				t.Errorf("%s: call pain point %q from a %s turn, mapped %v: want the customer's unmapped ones only", id, p.Term+p.Opinion, p.Role, p.KG != nil)
			}
		}
		rec, err := record.ForEngine(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rec.Calls(ctx, []record.Call{res.Entry()}); err != nil {
			t.Fatal(err)
		}
		c, err := e.Insights().Counts(ctx, insights.Filter{Dims: insights.Dims{Tags: []string{tag}}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Records != 1 || c.Mentions != 0 || c.Pain != 0 {
			t.Errorf("%s: counted %+v, want 1 record, no mention, no pain (the agent said %d mapped aspects, %d pain)", id, c, agentMapped, agentPain)
		}
	}
	// The agent's words in these chats carry no pain since the mention policy stopped giving
	// unevaluated terms the sentence's polarity (妹子给您补发…短信告知您单号: three bare terms);
	// the mapped agent aspects above still prove that the agent's voice is not counted.
	t.Logf("agent pain points in these chats: %d", totalAgentPain)
}

// TestSystemTurnsMarked: a pasted order card is a system turn, its text kept, never a
// pain point; the customer's words around a card are analysed without it.
func TestSystemTurnsMarked(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	res, err := a.Analyze(context.Background(), loadVoiceSessions(t)["0032cff7"])
	if err != nil {
		t.Fatal(err)
	}
	system := 0
	for _, tr := range res.Turns {
		rest, sys := StripSystem(tr.Text)
		switch {
		case sys:
			system++
			if tr.Role != RoleSystem {
				t.Errorf("turn %d %q: role %s, want system", tr.Index, tr.Text, tr.Role)
			}
		case rest != tr.Text:
			if tr.Role == RoleSystem {
				t.Errorf("turn %d %q: a person's words around a card taken for system text", tr.Index, tr.Text)
			}
			if want, _ := Clean(rest); tr.Clean != want {
				t.Errorf("turn %d: analysed %q, want the card cut out: %q", tr.Index, tr.Clean, want)
			}
		}
	}
	if system == 0 {
		t.Fatal("no system turn in session 0032cff7 (it opens with an order card)")
	}
	for _, p := range res.PainPoints {
		if p.Role != RoleCustomer {
			t.Errorf("pain point from a %s turn: %+v", p.Role, p)
		}
	}
}

// TestCallTimeAndDims: a JSON call carries its time and dims through to the result; a time
// that cannot be read fails the call with bad_time.
func TestCallTimeAndDims(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{Industry: "ecommerce"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	f := func(when, wantTime, wantCode string) {
		t.Helper()
		body := `{"id":"c1","time":"` + when + `","channel":"400热线","store":"朝阳店","turns":[{"role":"customer","text":"快递三天了还没到"},{"role":"agent","text":"非常抱歉，我帮您催一下"}]}`
		calls, err := Parse(strings.NewReader(body), FormatJSON)
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.Analyze(context.Background(), calls[0])
		var re *engine.RecordError
		if wantCode != "" {
			if !errors.As(err, &re) || string(re.Code) != wantCode {
				t.Errorf("time %q: error %v, want code %s", when, err, wantCode)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if res.Time != wantTime || res.Channel != "400热线" || res.Store != "朝阳店" {
			t.Errorf("time %q: result time %q channel %q store %q", when, res.Time, res.Channel, res.Store)
		}
		if r := res.Entry(); r.Time != wantTime || r.Channel != "400热线" || r.Store != "朝阳店" || r.Industry != "ecommerce" {
			t.Errorf("Entry: time %q channel %q store %q industry %q", r.Time, r.Channel, r.Store, r.Industry)
		}
	}
	f("2024-11-03T10:00:00+08:00", "2024-11-03T10:00:00+08:00", "")
	f("", "", "")
	f("11月3日", "", "bad_time")
}
