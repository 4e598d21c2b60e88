package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/feeling"
)

// Review is one labelled review of sentiment-zh's own test splits (training/long_reviews.py):
// Part is val (choose there) or test (report), Split the training script's split.
type Review struct {
	Part, Split, Label, Text string
}

// LoadReviews reads training/long_reviews.py's TSV (part, split, label, text).
func LoadReviews(path string) ([]Review, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reviews: %w", err)
	}
	defer f.Close()
	var out []Review
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		p := strings.SplitN(sc.Text(), "\t", 4)
		if len(p) != 4 || (p[0] != "val" && p[0] != "test") || (p[2] != "negative" && p[2] != "positive" && p[2] != "neutral") || p[3] == "" {
			return nil, fmt.Errorf("reviews %s line %d: want part (val|test), split, label (negative|neutral|positive), text", path, n)
		}
		out = append(out, Review{p[0], p[1], p[2], p[3]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reviews %s: %w", path, err)
	}
	return out, nil
}

// reviewClauses cuts a review into clauses as training/long_reviews.py does: pieces between
// ，,。！？!?；;~ and spaces with at least two letters.
func reviewClauses(t string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("，,。！？!?；;~～", r)
	}) {
		n := 0
		for _, r := range c {
			if unicode.IsLetter(r) {
				n++
			}
		}
		if n >= 2 {
			out = append(out, c)
		}
	}
	return out
}

// LongMinClauses: a review of at least this many clauses is long.
const LongMinClauses = 3

// LongRow is the accuracy of one variant on one subset and part.
type LongRow struct {
	Subset  string  `json:"subset"` // all | long | long_mixed
	Part    string  `json:"part"`   // val | test
	Variant string  `json:"variant"`
	N       int     `json:"n"`
	Acc     float64 `json:"acc_3way"`
	RecPos  float64 `json:"recall_positive"`
	RecNeg  float64 `json:"recall_negative"`
	RecNeu  float64 `json:"recall_neutral"`
	NPos    int     `json:"n_positive"`
	NNeg    int     `json:"n_negative"`
	Marker  int     `json:"with_marker"` // reviews with an overall clause (feeling.Overall)
}

// LongReport is the evaluation of the overall-clause rule (feeling.Overall, Mix).
type LongReport struct {
	Data string `json:"data"`
	// Grid: the accuracy of the mix at each weight, on the val part (long_mixed and all);
	// Chosen is the best weight on val long_mixed whose val accuracy on all is not lower
	// than the model's alone.
	Grid   []LongRow `json:"grid"`
	Chosen float32   `json:"chosen_weight"`
	Rows   []LongRow `json:"rows"`
}

type reviewReading struct {
	doc, tail [3]float32
	last      [3]float32 // the last clause's reading (long reviews)
	marker    bool
	long      bool
	mixed     bool
}

func probs3(s *engine.Sentiment) [3]float32 {
	if s == nil {
		return [3]float32{0, 1, 0}
	}
	return [3]float32{float32(s.Probs["negative"]), float32(s.Probs["neutral"]), float32(s.Probs["positive"])}
}

func argmax3(p [3]float32) string {
	best := 1 // ties go to neutral, as a model that cannot decide
	for k := range p {
		if p[k] > p[best] {
			best = k
		}
	}
	return [...]string{"negative", "neutral", "positive"}[best]
}

// EvalLong reads every review with raw (an engine with Config.RawSentiment: the model
// alone) — the whole text, the overall clause, every clause — and scores the mix at each
// weight; product, when not nil, is the engine as shipped, scored as is (what analyze
// returns) on the same reviews.
func EvalLong(ctx context.Context, raw, product *engine.Engine, rs []Review, weights []float32, data string) (*LongReport, error) {
	if !raw.Config().RawSentiment {
		return nil, fmt.Errorf("long reviews: the first engine must run with RawSentiment (the model alone)")
	}
	rd := make([]reviewReading, len(rs))
	texts := make([]string, len(rs))
	var tails []string
	var tailOf []int
	var clauses []string
	var clauseOf []int
	for i, r := range rs {
		texts[i] = r.Text
		if at, ok := feeling.Overall(r.Text); ok {
			rd[i].marker = true
			tails = append(tails, r.Text[at:])
			tailOf = append(tailOf, i)
		}
		cs := reviewClauses(r.Text)
		rd[i].long = len(cs) >= LongMinClauses
		if rd[i].long {
			for _, c := range cs {
				clauses = append(clauses, c)
				clauseOf = append(clauseOf, i)
			}
		}
	}
	run := func(ts []string) ([]engine.Result, error) {
		out, err := AnalyzeSentiment(ctx, raw, ts)
		if err != nil {
			return nil, fmt.Errorf("long reviews: %w", err)
		}
		return out, nil
	}
	docs, err := run(texts)
	if err != nil {
		return nil, err
	}
	for i := range rd {
		rd[i].doc = probs3(docs[i].Sentiment)
	}
	tres, err := run(tails)
	if err != nil {
		return nil, err
	}
	for k, i := range tailOf {
		rd[i].tail = probs3(tres[k].Sentiment)
	}
	cres, err := run(clauses)
	if err != nil {
		return nil, err
	}
	pos, neg := make([]bool, len(rs)), make([]bool, len(rs))
	for k, i := range clauseOf {
		rd[i].last = probs3(cres[k].Sentiment) // the last one of i stays
		switch argmax3(rd[i].last) {
		case "positive":
			pos[i] = true
		case "negative":
			neg[i] = true
		}
	}
	for i := range rd {
		rd[i].mixed = rd[i].long && pos[i] && neg[i]
	}
	in := func(subset string, i int) bool {
		switch subset {
		case "long":
			return rd[i].long
		case "long_mixed":
			return rd[i].mixed
		}
		return true
	}
	row := func(subset, part, variant string, pred func(i int) string) LongRow {
		x := LongRow{Subset: subset, Part: part, Variant: variant}
		ok, okPos, okNeg, okNeu := 0, 0, 0, 0
		for i, r := range rs {
			if r.Part != part || !in(subset, i) {
				continue
			}
			x.N++
			if rd[i].marker {
				x.Marker++
			}
			p := pred(i)
			switch r.Label {
			case "positive":
				x.NPos++
			case "negative":
				x.NNeg++
			}
			if p == r.Label {
				ok++
				switch r.Label {
				case "positive":
					okPos++
				case "negative":
					okNeg++
				default:
					okNeu++
				}
			}
		}
		x.Acc, x.RecPos, x.RecNeg, x.RecNeu = ratio(ok, x.N), ratio(okPos, x.NPos), ratio(okNeg, x.NNeg), ratio(okNeu, x.N-x.NPos-x.NNeg)
		return x
	}
	mixAt := func(w float32) func(i int) string {
		return func(i int) string {
			if !rd[i].marker || w <= 0 {
				return argmax3(rd[i].doc)
			}
			return argmax3(feeling.Mix(rd[i].doc, rd[i].tail, w))
		}
	}
	lastAt := func(w float32) func(i int) string { // the overall clause, else the last clause of a long review
		return func(i int) string {
			switch {
			case w <= 0:
				return argmax3(rd[i].doc)
			case rd[i].marker:
				return argmax3(feeling.Mix(rd[i].doc, rd[i].tail, w))
			case rd[i].long:
				return argmax3(feeling.Mix(rd[i].doc, rd[i].last, w))
			}
			return argmax3(rd[i].doc)
		}
	}
	rep := &LongReport{Data: data}
	base := row("all", "val", "model alone", mixAt(0)).Acc
	bestAcc := -1.0
	for _, w := range weights {
		name := fmt.Sprintf("mix w=%.2f", w)
		m, a := row("long_mixed", "val", name, mixAt(w)), row("all", "val", name, mixAt(w))
		rep.Grid = append(rep.Grid, m, a)
		if a.Acc >= base && m.Acc > bestAcc {
			bestAcc, rep.Chosen = m.Acc, w
		}
	}
	for _, b := range []float32{1, 1.2, 1.5, 2, 3} { // a variant, not in the product: positive bias on long reviews
		name := fmt.Sprintf("long positive bias b=%.1f", b)
		f := func(i int) string {
			p := rd[i].doc
			if rd[i].long {
				p[2] *= b
			}
			return argmax3(p)
		}
		rep.Grid = append(rep.Grid, row("long_mixed", "val", name, f), row("all", "val", name, f))
	}
	for _, w := range weights { // a variant, not in the product: the last clause when there is no marker
		name := fmt.Sprintf("overall-or-last-clause w=%.2f", w)
		rep.Grid = append(rep.Grid, row("long_mixed", "val", name, lastAt(w)), row("all", "val", name, lastAt(w)))
	}
	var prod []engine.Result
	if product != nil {
		if prod, err = AnalyzeSentiment(ctx, product, texts); err != nil {
			return nil, fmt.Errorf("long reviews: product: %w", err)
		}
	}
	for _, part := range []string{"val", "test"} {
		for _, subset := range []string{"all", "long", "long_mixed"} {
			rep.Rows = append(rep.Rows, row(subset, part, "model alone", mixAt(0)))
			rep.Rows = append(rep.Rows, row(subset, part, fmt.Sprintf("mix w=%.2f (chosen on val)", rep.Chosen), mixAt(rep.Chosen)))
			if prod != nil {
				rep.Rows = append(rep.Rows, row(subset, part, "product (analyze, rules as shipped)", func(i int) string { return labelOf(prod[i]) }))
			}
		}
	}
	return rep, nil
}

// AnalyzeSentiment runs the sentiment stage of e on texts in chunks of 512 (engine.Sentiment).
func AnalyzeSentiment(ctx context.Context, e *engine.Engine, texts []string) ([]engine.Result, error) {
	out := make([]engine.Result, 0, len(texts))
	for s := 0; s < len(texts); s += 512 {
		res, err := e.Sentiment(ctx, texts[s:min(s+512, len(texts))])
		if err != nil {
			return nil, err
		}
		out = append(out, res...)
	}
	return out, nil
}

// WriteLongMarkdown writes the grid and the before/after rows.
func WriteLongMarkdown(w io.Writer, r *LongReport) {
	fmt.Fprintf(w, "Reviews: %s. Weight chosen on val long_mixed (not lowering val all): %.2f\n\n", r.Data, r.Chosen)
	fmt.Fprintln(w, "| subset | part | variant | n | with marker | 3-way acc | recall pos | recall neg | recall neutral |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|---:|---:|---:|")
	for _, x := range r.Rows {
		fmt.Fprintf(w, "| %s | %s | %s | %d | %d | %s | %s | %s | %s |\n", x.Subset, x.Part, x.Variant, x.N, x.Marker, f4(x.Acc), f4(x.RecPos), f4(x.RecNeg), f4(x.RecNeu))
	}
	fmt.Fprintln(w, "\nGrid on val:\n\n| subset | variant | n | 3-way acc | recall pos | recall neg |\n|---|---|---:|---:|---:|---:|")
	for _, x := range r.Grid {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s |\n", x.Subset, x.Variant, x.N, f4(x.Acc), f4(x.RecPos), f4(x.RecNeg))
	}
}
