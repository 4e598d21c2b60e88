package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
)

// ChatTurn is one labelled chat turn (bench/testdata/chat_turns_{dev,test}.jsonl, written by
// training/chat_turns_sample.py and labelled by reading).
type ChatTurn struct {
	ID      string `json:"id"`
	Session string `json:"session"`
	Turn    int    `json:"turn"`
	Role    string `json:"role"`
	Text    string `json:"text"`
	Label   string `json:"label"` // negative | neutral | positive
	Kind    string `json:"kind"`  // what the turn is (card, closing, complaint …), read by hand
	Note    string `json:"note"`  // "with card", "borderline: …"
}

// Borderline says a second reader might label the turn differently (note "borderline…").
func (t ChatTurn) Borderline() bool { return strings.HasPrefix(t.Note, "borderline") }

// LoadChatTurns reads a labelled chat-turn JSONL file. A line that is not a turn with a
// text and a three-way label is an error naming the line.
func LoadChatTurns(path string) ([]ChatTurn, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("chat turns: %w", err)
	}
	defer f.Close()
	var out []ChatTurn
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var t ChatTurn
		if err := json.Unmarshal([]byte(line), &t); err != nil {
			return nil, fmt.Errorf("chat turns %s line %d: %w", path, n, err)
		}
		switch t.Label {
		case "negative", "neutral", "positive":
		default:
			return nil, fmt.Errorf("chat turns %s line %d (id %q): label %q is not negative, neutral or positive", path, n, t.ID, t.Label)
		}
		if t.Text == "" {
			return nil, fmt.Errorf("chat turns %s line %d (id %q): empty text", path, n, t.ID)
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("chat turns %s: %w", path, err)
	}
	return out, nil
}

// IsCardKind says a labelled kind is machine text (a card, a system line, a link, a
// number, masks), which must always come out neutral.
func IsCardKind(kind string) bool {
	k := strings.ToLower(kind)
	for _, s := range []string{"card", "system", "link", "url", "number", "mask", "paste"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// ChatMiss is one wrongly labelled turn.
type ChatMiss struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Gold      string `json:"gold"`
	Pred      string `json:"pred"`
	NotScored string `json:"not_scored,omitempty"`
	Rule      string `json:"rule,omitempty"`
	Text      string `json:"text"`
}

// KindScore is the accuracy on the turns of one kind.
type KindScore struct {
	Kind     string  `json:"kind"`
	N        int     `json:"n"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
	Neutral  int     `json:"predicted_neutral"`
}

// ChatResult scores one path of the product on labelled chat turns.
type ChatResult struct {
	Data  string `json:"data"`
	Path  string `json:"path"` // transcript | analyze
	Rules bool   `json:"rules"`
	// Model is the sentiment model that read the turns: the chat model when one is loaded
	// (engine.Conversational: every turn here has a role), else the sentiment model.
	Model    string  `json:"model"`
	N        int     `json:"n"`
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
	// NClear and AccuracyClear: the turns not noted borderline, and the accuracy on them.
	NClear        int         `json:"n_clear"`
	AccuracyClear float64     `json:"accuracy_clear"`
	Confusion     *Confusion  `json:"confusion"`
	Kinds         []KindScore `json:"kinds"`
	// Cards and CardsNeutral: turns of a machine-text kind (IsCardKind) and how many came
	// out neutral (the target: all).
	Cards        int        `json:"cards"`
	CardsNeutral int        `json:"cards_neutral"`
	NotScored    int        `json:"not_scored"` // turns the product marked not scored
	Misses       []ChatMiss `json:"misses"`
}

// EvalChat scores what the product returns for each turn spoken by a customer: through
// engine.Analyze (path "analyze", Input.Role customer, what POST /v1/analyze returns) and
// through the transcript path (path "transcript", each turn a one-turn chat with role
// customer, what `tingzhen transcript analyze` returns for it). A turn whose cleaned text
// is empty (only punctuation or emoji) gets no sentiment from the transcript path and
// counts as neutral.
func EvalChat(ctx context.Context, e *engine.Engine, turns []ChatTurn, data string) ([]*ChatResult, error) {
	inputs := make([]engine.Input, len(turns))
	for i, t := range turns {
		inputs[i] = engine.Input{ID: t.ID, Text: t.Text, Role: "customer", NoKeywords: true, NoRecord: true}
	}
	res, err := e.Analyze(ctx, inputs)
	if err != nil {
		return nil, fmt.Errorf("chat turns: analyze: %w", err)
	}
	an := make([]*engine.Sentiment, len(turns))
	for i := range res {
		an[i] = res[i].Sentiment
	}
	a, err := calls.NewAnalyzer(e, calls.Options{})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	tr := make([]*engine.Sentiment, len(turns))
	for i, t := range turns {
		cr, err := a.Analyze(ctx, calls.Call{ID: t.ID, Turns: []calls.Turn{{Role: calls.RoleCustomer, Text: t.Text}}})
		if err != nil {
			return nil, fmt.Errorf("chat turn %s: transcript: %w", t.ID, err)
		}
		if len(cr.Turns) == 1 {
			tr[i] = cr.Turns[0].Sentiment
		}
	}
	rules := !e.Config().RawSentiment
	v := e.Versions()
	m := v["chat_sentiment_model"]
	if m == "" {
		m = v["sentiment_model"]
	}
	out := []*ChatResult{scoreChat(turns, tr, data, "transcript", rules), scoreChat(turns, an, data, "analyze", rules)}
	for _, r := range out {
		r.Model = m
	}
	return out, nil
}

func scoreChat(turns []ChatTurn, pred []*engine.Sentiment, data, path string, rules bool) *ChatResult {
	r := &ChatResult{Data: data, Path: path, Rules: rules, N: len(turns), Confusion: NewConfusion("negative", "neutral", "positive"), Misses: []ChatMiss{}}
	kinds := map[string]*KindScore{}
	clearOK := 0
	for i, t := range turns {
		p, ns, rule := "neutral", "", ""
		if s := pred[i]; s != nil {
			p, ns, rule = s.Label, s.NotScored, s.Rule
		}
		r.Confusion.Add(t.Label, p)
		k := kinds[t.Kind]
		if k == nil {
			k = &KindScore{Kind: t.Kind}
			kinds[t.Kind] = k
		}
		k.N++
		if !t.Borderline() {
			r.NClear++
			if p == t.Label {
				clearOK++
			}
		}
		if p == t.Label {
			k.Correct++
		} else {
			r.Misses = append(r.Misses, ChatMiss{ID: t.ID, Kind: t.Kind, Gold: t.Label, Pred: p, NotScored: ns, Rule: rule, Text: t.Text})
		}
		if p == "neutral" {
			k.Neutral++
		}
		if IsCardKind(t.Kind) {
			r.Cards++
			if p == "neutral" {
				r.CardsNeutral++
			}
		}
		if ns != "" {
			r.NotScored++
		}
	}
	r.Accuracy = r.Confusion.Accuracy()
	r.AccuracyClear = ratio(clearOK, r.NClear)
	r.MacroF1 = r.Confusion.MacroF1()
	for _, k := range kinds {
		k.Accuracy = ratio(k.Correct, k.N)
		r.Kinds = append(r.Kinds, *k)
	}
	sort.Slice(r.Kinds, func(i, j int) bool { return r.Kinds[i].Kind < r.Kinds[j].Kind })
	return r
}

// WriteChatMarkdown writes the chat results: one row per path, then per kind, the
// confusion and the misses.
func WriteChatMarkdown(w io.Writer, rs []*ChatResult, misses int) {
	fmt.Fprintln(w, "| data | model | path | rules | n | 3-way accuracy | macro-F1 | not borderline: n, accuracy | cards neutral | not scored |")
	fmt.Fprintln(w, "|---|---|---|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %s | %s | %s | %v | %d | %s | %s | %d, %s | %d / %d | %d |\n", r.Data, r.Model, r.Path, r.Rules, r.N, f4(r.Accuracy), f4(r.MacroF1), r.NClear, f4(r.AccuracyClear), r.CardsNeutral, r.Cards, r.NotScored)
	}
	for _, r := range rs {
		fmt.Fprintf(w, "\n%s, path %s, rules %v — per kind:\n\n| kind | n | accuracy | predicted neutral |\n|---|---:|---:|---:|\n", r.Data, r.Path, r.Rules)
		for _, k := range r.Kinds {
			fmt.Fprintf(w, "| %s | %d | %s | %d |\n", k.Kind, k.N, f4(k.Accuracy), k.Neutral)
		}
		writeConfusionMarkdown(w, r.Confusion)
		if misses > 0 && len(r.Misses) > 0 {
			fmt.Fprintf(w, "\nmisses (first %d of %d):\n\n| id | kind | gold | pred | not scored | rule | text |\n|---|---|---|---|---|---|---|\n", min(misses, len(r.Misses)), len(r.Misses))
			for _, m := range r.Misses[:min(misses, len(r.Misses))] {
				fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", m.ID, m.Kind, m.Gold, m.Pred, m.NotScored, m.Rule, strings.ReplaceAll(clipRunes(m.Text, 80), "|", "\\|"))
			}
		}
	}
}
