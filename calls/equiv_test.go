package calls

import (
	"context"
	"github.com/tingzhen/tingzhen/mention"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
)

// equivCalls are the real calls of the equivalence tests: the five committed JDDC
// fixtures, the benchmark's 5-minute call and, when ../shared/datasets is there, the
// first 40 sessions of the JDDC chat corpus.
func equivCalls(t *testing.T) []Call {
	t.Helper()
	var calls []Call
	for _, short := range []string{"9aef4148", "0ef81ced", "227f2410", "06d51010", "03c46b1a"} {
		calls = append(calls, loadFunASR(t, short))
	}
	calls = append(calls, fiveMinuteCall(t))
	if f, err := os.Open(jddcCorpus); err == nil {
		defer f.Close()
		cs, err := Parse(f, FormatJDDC)
		if err != nil {
			t.Fatal(err)
		}
		calls = append(calls, cs[:min(40, len(cs))]...)
	} else {
		t.Logf("JDDC corpus not available (%v): fixtures only", err)
	}
	return calls
}

// TestTurnsMatchPlainAnalyze: every turn's sentiment, sentences and aspects in a call
// result are what the engine's plain Analyze gives for that turn's cleaned text on its
// own with its role (keywords on, one record per call: the path before batching and NoKeywords), up
// to the float noise of padding in a batch (1e-3 in probabilities and confidences).
func TestTurnsMatchPlainAnalyze(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	turns, aspects := 0, 0
	for _, call := range equivCalls(t) {
		res, err := a.Analyze(ctx, call)
		if err != nil {
			t.Fatalf("%s: %v", call.ID, err)
		}
		industry := ""
		if res.Industry != nil {
			industry = res.Industry.ID
		}
		for _, tr := range res.Turns {
			if stripPunct(tr.Clean) == "" {
				if tr.Sentiment != nil || len(tr.Aspects) > 0 {
					t.Errorf("%s turn %d: empty turn has a model result", call.ID, tr.Index)
				}
				continue
			}
			want, err := e.AnalyzeOne(ctx, engine.Input{ID: "plain", Text: tr.Clean, Industry: industry, Role: engineRole(tr.Role)})
			if err != nil {
				t.Fatal(err)
			}
			turns++
			aspects += len(want.Aspects)
			if msg := diffTurn(tr, want); msg != "" {
				t.Errorf("%s turn %d %q: %s", call.ID, tr.Index, tr.Clean, msg)
			}
		}
	}
	if turns < 100 {
		t.Fatalf("only %d turns compared", turns)
	}
	t.Logf("%d turns, %d aspects: same as the plain per-turn Analyze (probabilities within 1e-3)", turns, aspects)
}

// TestNoKeywordsBatchIdentical: in the same batch, the call's engine inputs (NoKeywords)
// give exactly the results of the same inputs with keywords, keywords aside.
func TestNoKeywordsBatchIdentical(t *testing.T) {
	e := needEngine(t)
	a, err := NewAnalyzer(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	for _, call := range equivCalls(t)[:6] {
		var in []engine.Input
		if _, err := a.analyze(ctx, call, func(ctx context.Context, inputs []engine.Input) ([]engine.Result, error) {
			in = inputs
			return e.Analyze(ctx, inputs)
		}); err != nil {
			t.Fatal(err)
		}
		with := make([]engine.Input, len(in))
		for i, x := range in {
			if !x.NoKeywords {
				t.Fatalf("%s: input %d asks for keywords", call.ID, i)
			}
			x.NoKeywords = false
			with[i] = x
		}
		got, err := e.Analyze(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.Analyze(ctx, with)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if len(got[i].Keywords) != 0 {
				t.Errorf("%s: input %d has keywords", call.ID, i)
			}
			got[i].Keywords = want[i].Keywords
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("%s input %d: results differ\n got %+v\nwant %+v", call.ID, i, got[i], want[i])
			}
		}
	}
}

func nearProb(x, y float64) bool { return math.Abs(x-y) <= 1e-3 }

func sameSentiment(x, y *engine.Sentiment) bool {
	if x == nil || y == nil {
		return x == y
	}
	if x.Label != y.Label || !nearProb(x.Score, y.Score) || len(x.Probs) != len(y.Probs) {
		return false
	}
	for k, v := range x.Probs {
		if !nearProb(v, y.Probs[k]) {
			return false
		}
	}
	return true
}

// diffTurn says how a turn's model results differ from a plain Result ("" when equal).
func diffTurn(tr TurnResult, want engine.Result) string {
	if tr.Error != nil || want.Error != nil {
		if !reflect.DeepEqual(tr.Error, want.Error) {
			return "error differs"
		}
		return ""
	}
	if !sameSentiment(tr.Sentiment, want.Sentiment) {
		return "sentiment differs"
	}
	if len(tr.Sentences) != len(want.Sentences) {
		return "sentence count differs"
	}
	for i, s := range tr.Sentences {
		w := want.Sentences[i]
		if s.Text != w.Text || s.Start != w.Start || s.End != w.End || !sameSentiment(s.Sentiment, w.Sentiment) {
			return "sentence " + s.Text + " differs"
		}
	}
	if len(tr.Aspects) != len(want.Aspects) {
		return "aspect count differs"
	}
	for i, x := range tr.Aspects {
		y := want.Aspects[i]
		xc, yc := x, y
		xc.Confidence, yc.Confidence = 0, 0
		yc.Role = tr.Role // a call marks each turn's aspects with the turn's role
		if !reflect.DeepEqual(xc, yc) || !nearProb(x.Confidence, y.Confidence) {
			return "aspect " + x.Term + "/" + x.Opinion + " differs"
		}
	}
	return ""
}

// findRef is EmotionLexicon.Find as it was before the allocation-free rewrite: the
// reference the rewrite must match hit for hit.
func findRef(l *EmotionLexicon, text string, words []string) []EmotionHit {
	rs := []rune(text)
	var bound []bool
	if len(words) > 0 {
		bound = make([]bool, len(rs)+1)
		p := 0
		for _, w := range words {
			bound[min(p, len(rs))] = true
			p += utf8.RuneCountInString(w)
		}
		bound[min(p, len(rs))] = true
		if p != len(rs) {
			bound = nil
		}
	}
	var hits []EmotionHit
	for i := 0; i < len(rs); {
		found := 0
		for n := min(l.maxLen, len(rs)-i); n >= 1; n-- {
			w := string(rs[i : i+n])
			if e, ok := l.words[w]; ok && (bound == nil || (bound[i] && bound[i+n])) {
				neg := (i >= 1 && mention.IsNegator(rs[i-1])) || (i >= 2 && mention.IsNegator(rs[i-2]) && !isBreak(rs[i-1]))
				if !neg {
					hits = append(hits, EmotionHit{Word: w, Emotion: e.emotion, Intensity: e.intensity, Start: i})
				}
				found = n
				break
			}
		}
		if found == 0 {
			found = 1
		}
		i += found
	}
	return hits
}

// TestFindMatchesReference: the emotion lexicon scan gives the same hits as before on
// every turn of the real calls, with and without the jieba segmentation.
func TestFindMatchesReference(t *testing.T) {
	e := needEngine(t)
	lex, err := NewEmotionLexicon()
	if err != nil {
		t.Fatal(err)
	}
	extra := []string{"我很不满意你们的服务", "不安排了", "太生气了真的非常失望", "", "好", "没有不开心"}
	texts := append([]string(nil), extra...)
	for _, c := range equivCalls(t) {
		for _, tr := range c.Turns {
			cl, _ := Clean(tr.Text)
			texts = append(texts, cl)
		}
	}
	hits := 0
	for _, text := range texts {
		for _, words := range [][]string{nil, e.Segmenter().Cut(text), {strings.Repeat("x", 3)}} {
			got, want := lex.Find(text, words), findRef(lex, text, words)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q (words %v): got %+v, want %+v", text, words, got, want)
			}
			hits += len(want)
		}
	}
	if hits == 0 {
		t.Fatal("no emotion hits at all")
	}
}

// FuzzFindMatchesReference: any text, valid UTF-8 or not, gives the reference's hits.
func FuzzFindMatchesReference(f *testing.F) {
	for _, s := range []string{"我很不满意", "不安排", "太生气了", "\xff生气", "非常开心\x80"} {
		f.Add(s)
	}
	lex, err := NewEmotionLexicon()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// invalid bytes decode to one U+FFFD each in both; no lexicon word holds one.
		got, want := lex.Find(text, nil), findRef(lex, text, nil)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v, want %+v", text, got, want)
		}
	})
}
