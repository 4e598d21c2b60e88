package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
)

// The pipeline evaluation scores what Engine.Analyze returns (the product output: mentions and,
// where the engine fills them, record-level indicators) on held-out labelled data, per source
// of the mention (model, kg, model+kg, category). It never looks at a model alone except as a
// labelled comparison row.

// Sources of a mention, in report order; "all" is every mention whatever its source.
var mentionSources = []string{"model", "kg", "model+kg", "category"}

// PipelineRow is one line of a pipeline report: one view of the output scored one way.
type PipelineRow struct {
	Source string  `json:"source"` // all | model | kg | model+kg | category | indicators | a baseline's name
	Metric string  `json:"metric"`
	Score  float64 `json:"score"`
	Set    *PRF    `json:"set,omitempty"`
	// Classification-style rows (APC, per-mention polarity): right of n.
	Right int    `json:"right,omitempty"`
	N     int    `json:"n,omitempty"`
	Note  string `json:"note,omitempty"`
}

// PipelineReport is the pipeline evaluation of one data set.
type PipelineReport struct {
	Task    string        `json:"task"` // car | aste | apc | handchecked
	Data    string        `json:"data"`
	Split   string        `json:"split"`
	N       int           `json:"n"`
	Rows    []PipelineRow `json:"rows"`
	Seconds float64       `json:"seconds"`
	Notes   []string      `json:"notes,omitempty"`
}

// analyzed is the part of an engine.Result the evaluation reads (an engine that fills no
// indicators yields none and the indicator rows are omitted).
type analyzed struct {
	Aspects    []mention.Mention   `json:"aspects"`
	Indicators []mention.Indicator `json:"indicators"`
	Error      *engine.RecordError `json:"error"`
}

// AnalyzeAll runs e.Analyze over inputs in chunks of chunk records and returns what the
// evaluation reads of each result. A record error is returned as an error naming the record:
// an evaluation must not silently drop items.
func AnalyzeAll(ctx context.Context, e *engine.Engine, inputs []engine.Input, chunk int) ([]analyzed, error) {
	if chunk <= 0 {
		chunk = 256
	}
	out := make([]analyzed, 0, len(inputs))
	for lo := 0; lo < len(inputs); lo += chunk {
		hi := min(lo+chunk, len(inputs))
		res, err := e.Analyze(ctx, inputs[lo:hi])
		if err != nil {
			return nil, fmt.Errorf("analyze items %d-%d: %w", lo, hi-1, err)
		}
		for k := range res {
			a := analyzed{Aspects: res[k].Aspects, Indicators: res[k].Indicators, Error: res[k].Error}
			if a.Error != nil {
				return nil, fmt.Errorf("item %d (%q): %v", lo+k, clipRunes(inputs[lo+k].Text, 40), a.Error)
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// analyzeDataset analyses every item of ds as a record of industry (AnalyzeAll).
func analyzeDataset(ctx context.Context, e *engine.Engine, ds *Dataset, industry string) ([]analyzed, error) {
	inputs := make([]engine.Input, len(ds.Items))
	for i, it := range ds.Items {
		inputs[i] = engine.Input{ID: fmt.Sprint(i), Text: it.Text, Industry: industry}
	}
	return AnalyzeAll(ctx, e, inputs, 256)
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func hasIndicators(as []analyzed) bool {
	for _, a := range as {
		if len(a.Indicators) > 0 {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------------------
// Car: (subject, polarity) per post.

// CarSubjects maps the automotive pack's indicator ids onto the CCF 2018 car subjects. The
// pack's indicator names are the subjects themselves; price_transparency (加价, 捆绑收费) is a
// child of price in the pack and is counted as 价格.
var CarSubjects = map[string]string{
	"power": "动力", "price": "价格", "price_transparency": "价格", "interior": "内饰", "features": "配置",
	"safety": "安全性", "exterior": "外观", "handling": "操控", "fuel_consumption": "油耗",
	"space": "空间", "comfort": "舒适性",
}

func carSubject(k *mention.KGRef) (string, bool) {
	if k == nil || k.IDs["industry"] != "automotive" {
		return "", false
	}
	s, ok := CarSubjects[k.IDs["indicator"]]
	return s, ok
}

// CarSplit reads a car split file (ParseCarSplit) and returns the content ids of part.
func CarSplit(path, part string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read car split: %w", err)
	}
	ids, err := ParseCarSplit(data, part)
	if err != nil {
		return nil, fmt.Errorf("car split %s: %w", path, err)
	}
	return ids, nil
}

// ParseCarSplit parses training/car_split.py output ("content_id<TAB>split" lines, # comments)
// and returns the content ids of the named part.
func ParseCarSplit(data []byte, part string) (map[string]bool, error) {
	ids := map[string]bool{}
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		id, p, ok := strings.Cut(l, "\t")
		if !ok || id == "" {
			return nil, fmt.Errorf("line %d: want content_id<TAB>split", i+1)
		}
		if p == part {
			ids[id] = true
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no %q ids", part)
	}
	return ids, nil
}

// LoadCarPart loads the car CSV keeping only the posts whose content_id is in ids.
func LoadCarPart(path string, ids map[string]bool) (*Dataset, error) {
	ds, err := loadCarWhere(path, func(id string) bool { return ids[id] })
	if err != nil {
		return nil, err
	}
	if len(ds.Items) == 0 {
		return nil, fmt.Errorf("car data %s: none of the split's ids", path)
	}
	return ds, nil
}

// loadCarWhere loads the car CSV keeping the posts whose content_id keep accepts.
func loadCarWhere(path string, keep func(contentID string) bool) (*Dataset, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read car data: %w", err)
	}
	items, cids, err := parseCarIDs(bytes.TrimPrefix(data, []byte("\ufeff")))
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	ds := &Dataset{Path: path, Format: FormatCar}
	for k, it := range items {
		if keep(cids[k]) {
			ds.Items = append(ds.Items, it)
		}
	}
	return ds, nil
}

// ScoreCar scores analyze's output on car posts (Industry automotive). Rows: every mention,
// each source's mentions, one polarity per subject from the mentions (majority), the
// record-level indicators when the engine fills them, and the constant-neutral baseline (the
// subjects the pipeline found, each answered neutral).
func ScoreCar(ctx context.Context, e *engine.Engine, ds *Dataset, split string) (*PipelineReport, error) {
	start := time.Now()
	res, err := analyzeDataset(ctx, e, ds, "automotive")
	if err != nil {
		return nil, err
	}
	gold := make([][]string, len(ds.Items))
	for i, it := range ds.Items {
		gold[i] = it.Gold
	}
	rep := &PipelineReport{Task: "car", Data: ds.Path, Split: split, N: len(ds.Items)}
	pairsOf := func(keep func(mention.Mention) bool) [][]string {
		out := make([][]string, len(res))
		for i, r := range res {
			out[i] = []string{}
			for _, m := range r.Aspects {
				if s, ok := carSubject(m.KG); ok && keep(m) {
					out[i] = append(out[i], s+"|"+m.Polarity)
				}
			}
		}
		return out
	}
	add := func(src, note string, pred [][]string) {
		prf := MatchSets(pred, gold)
		rep.Rows = append(rep.Rows, PipelineRow{Source: src, Metric: "micro_f1", Score: prf.F1, Set: &prf, Note: note})
	}
	all := pairsOf(func(mention.Mention) bool { return true })
	add("all mentions", "every (subject, polarity) pair of the mentions", all)
	for _, src := range mentionSources {
		add(src, "mentions of this source only", pairsOf(func(m mention.Mention) bool { return m.Source == src }))
	}
	major := make([][]string, len(res))
	for i, r := range res {
		major[i] = majorityPairs(r.Aspects)
	}
	add("mentions, one polarity per subject", "majority polarity of the subject's mentions (ties: most confident)", major)
	primary := major
	if hasIndicators(res) {
		ind := make([][]string, len(res))
		for i, r := range res {
			ind[i] = []string{}
			for _, x := range r.Indicators {
				if s, ok := CarSubjects[x.ID]; ok {
					ind[i] = append(ind[i], s+"|"+x.Polarity)
				}
			}
		}
		add("indicators", "Result.Indicators (record level)", ind)
		primary = ind
	}
	neutral := make([][]string, len(primary))
	for i, ps := range primary {
		neutral[i] = []string{}
		for _, p := range ps {
			s, _, _ := strings.Cut(p, "|")
			neutral[i] = append(neutral[i], s+"|neutral")
		}
	}
	add("constant-neutral baseline", "the subjects of the row above, each answered neutral", neutral)
	subj := func(xs [][]string) [][]string {
		out := make([][]string, len(xs))
		for i, ps := range xs {
			out[i] = []string{}
			for _, p := range ps {
				s, _, _ := strings.Cut(p, "|")
				out[i] = append(out[i], s)
			}
		}
		return out
	}
	prf := MatchSets(subj(primary), subj(gold))
	rep.Rows = append(rep.Rows, PipelineRow{Source: "subject only", Metric: "micro_f1", Score: prf.F1, Set: &prf, Note: "subjects of the " + rowName(hasIndicators(res)) + " row, polarity ignored"})
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

func rowName(ind bool) string {
	if ind {
		return "indicators"
	}
	return "one-polarity-per-subject"
}

// majorityPairs is one (subject, polarity) per car subject of ms: the most frequent polarity
// among the subject's mentions, ties broken by the highest confidence, then by name.
func majorityPairs(ms []mention.Mention) []string {
	type tally struct {
		n    map[string]int
		conf map[string]float64
	}
	by := map[string]*tally{}
	for _, m := range ms {
		s, ok := carSubject(m.KG)
		if !ok {
			continue
		}
		t := by[s]
		if t == nil {
			t = &tally{n: map[string]int{}, conf: map[string]float64{}}
			by[s] = t
		}
		t.n[m.Polarity]++
		t.conf[m.Polarity] = max(t.conf[m.Polarity], m.Confidence)
	}
	out := []string{}
	for s, t := range by {
		best := ""
		for p := range t.n {
			if best == "" || t.n[p] > t.n[best] || (t.n[p] == t.n[best] && (t.conf[p] > t.conf[best] || (t.conf[p] == t.conf[best] && p < best))) {
				best = p
			}
		}
		out = append(out, s+"|"+best)
	}
	sort.Strings(out)
	return out
}

// ---------------------------------------------------------------------------------------
// ASTE: triplets and (aspect, polarity) pairs.

// ScoreASTE scores analyze's mentions as ASTE triplets (exact aspect and opinion spans and
// polarity, code points of the text) and as (aspect span, polarity) pairs (asteRows).
func ScoreASTE(ctx context.Context, e *engine.Engine, ds *Dataset, industry, split string) (*PipelineReport, error) {
	start := time.Now()
	res, err := analyzeDataset(ctx, e, ds, industry)
	if err != nil {
		return nil, err
	}
	ms := make([][]mention.Mention, len(res))
	for i, r := range res {
		ms[i] = r.Aspects
	}
	rep := &PipelineReport{Task: "aste", Data: ds.Path, Split: split, N: len(ds.Items), Rows: asteRows(ds.Items, ms)}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// asteRows scores each item's mentions against its gold triplets: "all mentions", then per
// source. Every mention counts, implicit ones (Term "") too: ASTE's gold holds implicit
// triplets (aspect (-1, -1) with an opinion span: 10.4 % of the train file's), and
// TripletKeys keys an implicit mention the same way, so it can match one
// (bench/results/notes/lead14-s14-aste-implicit.md: the explicit-only decision was withdrawn).
func asteRows(items []Item, res [][]mention.Mention) []PipelineRow {
	goldT := make([][]string, len(items))
	goldP := make([][]string, len(items))
	for i, it := range items {
		goldT[i] = it.Gold
		goldP[i] = []string{}
		for _, k := range it.Gold {
			goldP[i] = append(goldP[i], aspectPolarityKey(k))
		}
	}
	var rows []PipelineRow
	score := func(name string, keep func(m mention.Mention) bool) {
		predT := make([][]string, len(res))
		predP := make([][]string, len(res))
		for i, as := range res {
			var ms []mention.Mention
			for _, m := range as {
				if keep(m) {
					ms = append(ms, m)
				}
			}
			predT[i] = TripletKeys(ms)
			predP[i] = []string{}
			for _, k := range predT[i] {
				predP[i] = append(predP[i], aspectPolarityKey(k))
			}
		}
		t := MatchSets(predT, goldT)
		p := MatchSets(predP, goldP)
		rows = append(rows,
			PipelineRow{Source: name, Metric: "triplet_f1", Score: t.F1, Set: &t},
			PipelineRow{Source: name, Metric: "aspect_polarity_f1", Score: p.F1, Set: &p})
	}
	score("all mentions", func(mention.Mention) bool { return true })
	for _, src := range mentionSources {
		score(src, func(m mention.Mention) bool { return m.Source == src })
	}
	return rows
}

// aspectPolarityKey keeps the aspect span and polarity of a TripletKey ("a|o|pol" → "a|pol").
func aspectPolarityKey(k string) string {
	parts := strings.Split(k, "|")
	if len(parts) != 3 {
		return k
	}
	return parts[0] + "|" + parts[2]
}

// ---------------------------------------------------------------------------------------
// APC: the polarity analyze gives a named aspect term.

// ScoreAPC scores the polarity of the mention whose term overlaps the gold aspect span most
// (AspectPolarity); an item with no such mention counts as wrong. Rows: all items, then the
// items answered by each source, and the share answered at all.
func ScoreAPC(ctx context.Context, e *engine.Engine, ds *Dataset, industry, split string) (*PipelineReport, error) {
	start := time.Now()
	ans, err := apcAnswers(ctx, e, ds, industry, false)
	if err != nil {
		return nil, err
	}
	rep := &PipelineReport{Task: "apc", Data: ds.Path, Split: split, N: len(ds.Items), Rows: apcRows(ds, ans)}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// aspectPolaritySource is AspectPolarity with the answering mention's source ("none").
func aspectPolaritySource(as []mention.Mention, span [2]int) (string, string) {
	best, src, bestOv, bestConf := "none", "none", 0, -1.0
	for _, a := range as {
		if a.Term == "" {
			continue
		}
		ov := min(a.End, span[1]) - max(a.Start, span[0])
		if ov <= 0 {
			continue
		}
		if ov > bestOv || (ov == bestOv && a.Confidence > bestConf) {
			best, src, bestOv, bestConf = a.Polarity, a.Source, ov, a.Confidence
		}
	}
	return best, src
}

// ---------------------------------------------------------------------------------------
// Hand-checked sentences: (indicator, point) and per-mention polarity.

// mentionPolarity counts the emitted mentions on an indicator an item's labels name (n) and
// those whose polarity is right: against the indicator's last label (right, the reported
// measure), and against any of its labels (anyRight). They differ only where an item labels
// one indicator both ways, as silver 优点/缺点 reviews do (pain and pleasure on
// product_performance); the hand sets drop such texts (HANDCHECKED.md). pol15, session 15.
func mentionPolarity(items []HandItem, res []analyzed) (right, anyRight, n int) {
	for i, it := range items {
		want := map[string]string{}
		all := map[string][]string{}
		for _, g := range it.Gold {
			want[g.Indicator] = g.Polarity
			all[g.Indicator] = append(all[g.Indicator], g.Polarity)
		}
		for _, m := range res[i].Aspects {
			if m.KG == nil {
				continue
			}
			p, ok := want[m.KG.IDs["indicator"]]
			if !ok {
				continue
			}
			n++
			if m.Polarity == p {
				right++
			}
			if slices.Contains(all[m.KG.IDs["indicator"]], m.Polarity) {
				anyRight++
			}
		}
	}
	return right, anyRight, n
}

// HandLabel is one expected verdict on a hand-checked sentence.
type HandLabel struct {
	Indicator string `json:"indicator"` // indicator id of the sentence's industry pack
	Point     string `json:"point"`     // pain | itch | pleasure | "" (mentioned, no point)
	Polarity  string `json:"polarity"`  // negative | neutral | positive
}

// HandItem is one hand-checked sentence (bench/testdata/handchecked_test.jsonl).
type HandItem struct {
	ID       string      `json:"id"`
	Text     string      `json:"text"`
	Industry string      `json:"industry"`
	Source   string      `json:"source"` // data set the text was taken from
	Gold     []HandLabel `json:"gold"`   // empty: nothing should be emitted
}

// LoadHand reads a hand-checked JSONL file (ParseHand).
func LoadHand(path string) ([]HandItem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read hand-checked set: %w", err)
	}
	items, err := ParseHand(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return items, nil
}

// ParseHand parses hand-checked JSONL: every non-empty line must parse, name a text and an
// industry, and use known points and polarities.
func ParseHand(data []byte) ([]HandItem, error) {
	var out []HandItem
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var h HandItem
		if err := json.Unmarshal(b, &h); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if h.Text == "" || h.Industry == "" {
			return nil, fmt.Errorf("line %d: text and industry are required", line)
		}
		for _, g := range h.Gold {
			switch g.Point {
			case "pain", "itch", "pleasure", "":
			default:
				return nil, fmt.Errorf("line %d: point %q", line, g.Point)
			}
			switch g.Polarity {
			case "negative", "neutral", "positive":
			default:
				return nil, fmt.Errorf("line %d: polarity %q", line, g.Polarity)
			}
			if g.Indicator == "" {
				return nil, fmt.Errorf("line %d: a label without an indicator", line)
			}
		}
		out = append(out, h)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no items")
	}
	return out, nil
}

// GoldPairs are a hand item's gold (indicator|point) pairs with a point, as ScoreHand counts
// them (sorted, each once).
func GoldPairs(it HandItem) []string {
	out := []string{}
	for _, g := range it.Gold {
		if g.Point != "" {
			out = append(out, g.Indicator+"|"+g.Point)
		}
	}
	return uniq(out)
}

// handInputs are the analyze inputs of hand-format items: id, text and the item's industry.
func handInputs(items []HandItem) []engine.Input {
	in := make([]engine.Input, len(items))
	for i, it := range items {
		in[i] = engine.Input{ID: it.ID, Text: it.Text, Industry: it.Industry}
	}
	return in
}

// ScoreHand scores analyze on hand-checked sentences. (indicator, point) pairs with a point
// (pain, itch, pleasure) are matched as sets per sentence; a gold label with no point says the
// indicator may be mentioned without a point (neither required nor counted against).
// Per-mention polarity: every emitted mention on an indicator the sentence's labels name,
// right when its polarity is the label's.
func ScoreHand(ctx context.Context, e *engine.Engine, items []HandItem, data, split string) (*PipelineReport, error) {
	start := time.Now()
	res, err := AnalyzeAll(ctx, e, handInputs(items), 256)
	if err != nil {
		return nil, err
	}
	rep := &PipelineReport{Task: "handchecked", Data: data, Split: split, N: len(items)}
	gold := make([][]string, len(items))
	for i, it := range items {
		gold[i] = GoldPairs(it)
	}
	mentionPairs := func(i int, keep func(mention.Mention) bool) []string {
		out := []string{}
		for _, m := range res[i].Aspects {
			if m.KG == nil || m.Point == "" || !keep(m) || m.KG.IDs["industry"] != items[i].Industry {
				continue
			}
			out = append(out, m.KG.IDs["indicator"]+"|"+m.Point)
		}
		return out
	}
	for _, src := range append([]string{"all"}, mentionSources...) {
		pred := make([][]string, len(items))
		for i := range items {
			pred[i] = mentionPairs(i, func(m mention.Mention) bool { return src == "all" || m.Source == src })
		}
		prf := MatchSets(pred, gold)
		name := src
		if src == "all" {
			name = "all mentions"
		}
		rep.Rows = append(rep.Rows, PipelineRow{Source: name, Metric: "indicator_point_f1", Score: prf.F1, Set: &prf})
	}
	if hasIndicators(res) {
		pred := make([][]string, len(items))
		for i, r := range res {
			pred[i] = []string{}
			for _, x := range r.Indicators {
				for _, pt := range []string{x.Point, x.Also} { // Also: the indicator praised and blamed (mention.Policy.Mixed)
					if pt != "" {
						pred[i] = append(pred[i], x.ID+"|"+pt)
					}
				}
			}
		}
		prf := MatchSets(pred, gold)
		rep.Rows = append(rep.Rows, PipelineRow{Source: "indicators", Metric: "indicator_point_f1", Score: prf.F1, Set: &prf, Note: "Result.Indicators (record level)"})
	}
	// Per-mention polarity.
	right, anyRight, n := mentionPolarity(items, res)
	rep.Rows = append(rep.Rows, PipelineRow{Source: "all mentions", Metric: "mention_polarity_accuracy", Score: ratio(right, n), Right: right, N: n, Note: "mentions on a labelled indicator"})
	rep.Rows = append(rep.Rows, PipelineRow{Source: "any label", Metric: "mention_polarity_accuracy", Score: ratio(anyRight, n), Right: anyRight, N: n, Note: "mentions on a labelled indicator, right when they match any of its labels"})
	// Sentences that should yield nothing: how many stay empty.
	empty, quiet := 0, 0
	for i, it := range items {
		if len(gold[i]) > 0 || len(it.Gold) > 0 {
			continue
		}
		empty++
		if len(mentionPairs(i, func(mention.Mention) bool { return true })) == 0 {
			quiet++
		}
	}
	if empty > 0 {
		rep.Rows = append(rep.Rows, PipelineRow{Source: "all mentions", Metric: "no_point_on_empty_sentences", Score: ratio(quiet, empty), Right: quiet, N: empty, Note: "sentences labelled with nothing that get no pain/itch/pleasure"})
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// ---------------------------------------------------------------------------------------
// APC held-out part.

// APCTestBuckets is the APC held-out (test) part of models/polarity-zh/model.yaml: a sentence
// whose bucket (APCBucket) is below 15 was never trained on nor used to choose; 15-24 is the
// polarity model's validation part, the rest its training part.
const APCTestBuckets = 15

// APCBucket is the polarity model's split bucket of an APC sentence (training/train_polarity.py):
// int(sha1("apc:" + norm_key(sentence)).hexdigest()[:8], 16) % 100, the sentence being the
// item's text with the aspect in place.
func APCBucket(text string) int {
	h := sha1.Sum([]byte("apc:" + NormKey(text)))
	return int(binary.BigEndian.Uint32(h[:4]) % 100)
}

// APCHeldOut keeps the items whose APCBucket is below buckets (APCTestBuckets: the polarity
// model's test part). buckets ≥ 100 keeps every item.
func APCHeldOut(ds *Dataset, buckets int) *Dataset {
	if buckets >= 100 {
		return ds
	}
	return ds.where(func(it Item) bool { return APCBucket(it.Text) < buckets })
}

// where returns the items of ds that keep accepts, in order, as a new Dataset with ds's
// path and format (a part of a split: APCHeldOut, ASTEValCarve, ASTETrainRest).
func (ds *Dataset) where(keep func(Item) bool) *Dataset {
	out := &Dataset{Path: ds.Path, Format: ds.Format}
	for _, it := range ds.Items {
		if keep(it) {
			out.Items = append(out.Items, it)
		}
	}
	return out
}

// NormKey is training/tz/text.py norm_key, the de-duplication and split key of the
// training scripts: NFKC, lower case, then whitespace, punctuation, symbols, marks and "_"
// dropped (what Python's [\s\W_]+ removes), letters and numbers kept.
func NormKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(norm.NFKC.String(s)) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ---------------------------------------------------------------------------------------
// Report.

// WritePipelineAccuracyMarkdown writes one table per report.
func WritePipelineAccuracyMarkdown(w io.Writer, reps []*PipelineReport) {
	for _, r := range reps {
		fmt.Fprintf(w, "\n### %s — %s (%s, n = %d, %.0f s)\n\n", r.Task, filepath.Base(r.Data), r.Split, r.N, r.Seconds)
		fmt.Fprintln(w, "| source | metric | score | P | R | tp / predicted / gold | right / n | note |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|---|---|---|")
		for _, x := range r.Rows {
			p, rc, set, rn := "", "", "", ""
			if x.Set != nil {
				p, rc, set = f4(x.Set.Precision), f4(x.Set.Recall), fmt.Sprintf("%d / %d / %d", x.Set.TP, x.Set.Predicted, x.Set.Gold)
			}
			if x.N > 0 {
				rn = fmt.Sprintf("%d / %d", x.Right, x.N)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", x.Source, x.Metric, f4(x.Score), p, rc, set, rn, x.Note)
		}
		for _, n := range r.Notes {
			fmt.Fprintf(w, "\n%s\n", n)
		}
	}
}
