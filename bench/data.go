package bench

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Data formats.
const (
	FormatCSV   = "csv"   // sentiment: label,review or cat,label,review (label 1/0 = positive/negative)
	FormatJSONL = "jsonl" // sentiment: {"text", "label"} per line
	FormatASTE  = "aste"  // aspect triplets: space-separated chars####[((a_s,a_e),(o_s,o_e),'POS'), …]
	FormatABSA  = "absa"  // aspect polarity (ABSADatasets apc_*.txt): sentence with $T$, aspect, polarity
	FormatCar   = "car"   // CCF 2018 car: content_id,content,subject,sentiment_value,sentiment_word
)

// Item is one evaluation unit: a text with a gold label (sentiment, absa) or a gold set
// (aste: "aStart-aEnd|oStart-oEnd|polarity" in code points of Text, aspect "-" when
// implicit; car: "subject|polarity").
type Item struct {
	Text   string   `json:"text"`
	Label  string   `json:"label,omitempty"`
	Gold   []string `json:"gold,omitempty"`
	Aspect [2]int   `json:"aspect,omitempty"` // absa: the aspect's code-point span in Text
}

// Dataset is a parsed evaluation file.
type Dataset struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	Items  []Item `json:"-"`
	// Skipped counts malformed items left out, with the first reason (absa: a group of three
	// lines whose sentence has no $T$, as training/aste_data.py load_apc skips it).
	Skipped    int    `json:"skipped,omitempty"`
	SkipReason string `json:"skip_reason,omitempty"`
}

// DetectFormat guesses the format from the file name and its first line.
func DetectFormat(path string, head []byte) string {
	first, _, _ := bytes.Cut(head, []byte("\n"))
	first = bytes.TrimPrefix(first, []byte("\ufeff"))
	switch {
	case strings.HasSuffix(path, ".jsonl") || strings.HasSuffix(path, ".json"):
		return FormatJSONL
	case bytes.Contains(first, []byte("####")):
		return FormatASTE
	case bytes.Contains(first, []byte("$T$")):
		return FormatABSA
	case bytes.HasPrefix(first, []byte("content_id,")):
		return FormatCar
	}
	return FormatCSV
}

// Load reads a data file; format "" detects it. limit > 0 keeps the first limit items.
func Load(path, format string, limit int) (*Dataset, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read data %s: %w", path, err)
	}
	if format == "" {
		format = DetectFormat(filepath.Base(path), data[:min(len(data), 4096)])
	}
	ds, err := Parse(data, format)
	if err != nil {
		return nil, fmt.Errorf("parse %s as %s: %w", path, format, err)
	}
	ds.Path = path
	if limit > 0 && len(ds.Items) > limit {
		ds.Items = ds.Items[:limit]
	}
	if len(ds.Items) == 0 {
		return nil, fmt.Errorf("data %s: no items", path)
	}
	return ds, nil
}

// Parse parses data in one of the formats.
func Parse(data []byte, format string) (*Dataset, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, errors.New("not valid UTF-8")
	}
	var items []Item
	var err error
	switch format {
	case FormatCSV:
		items, err = parseCSV(data)
	case FormatJSONL:
		items, err = parseJSONL(data)
	case FormatASTE:
		items, err = parseASTE(data)
	case FormatABSA:
		var skipped int
		var reason string
		items, skipped, reason, err = parseABSA(data)
		if err == nil {
			return &Dataset{Format: format, Items: items, Skipped: skipped, SkipReason: reason}, nil
		}
	case FormatCar:
		items, err = parseCar(data)
	default:
		return nil, fmt.Errorf("unknown format %q (want csv, jsonl, aste, absa or car)", format)
	}
	if err != nil {
		return nil, err
	}
	return &Dataset{Format: format, Items: items}, nil
}

// SentimentLabel maps data labels onto the model's polarity names: 1/pos → positive,
// 0/neg → negative, 2/neu → neutral; other strings are kept as written.
func SentimentLabel(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "pos", "positive", "正面", "积极":
		return "positive"
	case "0", "neg", "negative", "负面", "消极", "-1":
		return "negative"
	case "2", "neu", "neutral", "中性":
		return "neutral"
	}
	return strings.TrimSpace(s)
}

func parseCSV(data []byte) ([]Item, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("csv header: %w", err)
	}
	li, ti := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(strings.ToLower(h)) {
		case "label":
			li = i
		case "review", "text", "content":
			ti = i
		}
	}
	if li < 0 || ti < 0 {
		return nil, fmt.Errorf("csv header %v: want label and review (or text) columns", head)
	}
	var items []Item
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("csv line %d: %w", line, err)
		}
		if len(rec) <= max(li, ti) {
			continue // short row
		}
		text := strings.TrimSpace(rec[ti])
		if text == "" {
			continue
		}
		items = append(items, Item{Text: text, Label: SentimentLabel(rec[li])})
	}
	return items, nil
}

func parseJSONL(data []byte) ([]Item, error) {
	var items []Item
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var rec struct {
			Text  string          `json:"text"`
			Label json.RawMessage `json:"label"`
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("jsonl line %d: %w", line, err)
		}
		var lab string
		if err := json.Unmarshal(rec.Label, &lab); err != nil {
			var n json.Number
			if err := json.Unmarshal(rec.Label, &n); err != nil {
				return nil, fmt.Errorf("jsonl line %d: label must be a string or a number", line)
			}
			lab = n.String()
		}
		if strings.TrimSpace(rec.Text) == "" {
			continue
		}
		items = append(items, Item{Text: rec.Text, Label: SentimentLabel(lab)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("jsonl: %w", err)
	}
	return items, nil
}

var tripletRE = regexp.MustCompile(`\(\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)\s*,\s*\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)\s*,\s*'(\w+)'\s*\)`)

func polarityName(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "pos", "positive":
		return "positive", true
	case "neg", "negative":
		return "negative", true
	case "neu", "neutral":
		return "neutral", true
	}
	return "", false
}

// joinTokens glues space-separated tokens into text, keeping a space only between two ASCII
// letters/digits, and returns each token's code-point [start, end).
func joinTokens(toks []string) (string, [][2]int) {
	var b strings.Builder
	spans := make([][2]int, len(toks))
	n := 0
	var prev rune
	for i, t := range toks {
		first, _ := utf8.DecodeRuneInString(t)
		if i > 0 && isASCIIAlnum(prev) && isASCIIAlnum(first) {
			b.WriteByte(' ')
			n++
		}
		spans[i][0] = n
		b.WriteString(t)
		n += utf8.RuneCountInString(t)
		spans[i][1] = n
		if t != "" {
			prev, _ = utf8.DecodeLastRuneInString(t)
		}
	}
	return b.String(), spans
}

func isASCIIAlnum(r rune) bool { return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// TripletKey is the gold/predicted key of an aspect triplet in code points; an implicit
// aspect (start < 0) is "-".
func TripletKey(as, ae, os, oe int, pol string) string {
	a := "-"
	if as >= 0 {
		a = fmt.Sprintf("%d-%d", as, ae)
	}
	return fmt.Sprintf("%s|%d-%d|%s", a, os, oe, pol)
}

func parseASTE(data []byte) ([]Item, error) {
	var items []Item
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		sent, lab, ok := strings.Cut(line, "####")
		if !ok {
			return nil, fmt.Errorf("aste line %d: no ####", i+1)
		}
		toks := strings.Fields(sent)
		text, spans := joinTokens(toks)
		tokSpan := func(s, e int) (int, int, bool) {
			if s < 0 || e < s || e >= len(spans) {
				return 0, 0, false
			}
			return spans[s][0], spans[e][1], true
		}
		it := Item{Text: text, Gold: []string{}}
		for _, m := range tripletRE.FindAllStringSubmatch(lab, -1) {
			v := make([]int, 4)
			for k := range v {
				v[k], _ = strconv.Atoi(m[k+1])
			}
			pol, ok := polarityName(m[5])
			if !ok {
				return nil, fmt.Errorf("aste line %d: polarity %q", i+1, m[5])
			}
			os, oe, ok := tokSpan(v[2], v[3])
			if !ok {
				return nil, fmt.Errorf("aste line %d: opinion span (%d,%d) outside %d tokens", i+1, v[2], v[3], len(toks))
			}
			as, ae := -1, -1
			if v[0] >= 0 {
				if as, ae, ok = tokSpan(v[0], v[1]); !ok {
					return nil, fmt.Errorf("aste line %d: aspect span (%d,%d) outside %d tokens", i+1, v[0], v[1], len(toks))
				}
			}
			it.Gold = append(it.Gold, TripletKey(as, ae, os, oe, pol))
		}
		items = append(items, it)
	}
	return items, nil
}

func parseABSA(data []byte) ([]Item, int, string, error) {
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines)%3 != 0 {
		return nil, 0, "", fmt.Errorf("absa: %d non-empty lines, want groups of 3 (sentence with $T$, aspect, polarity)", len(lines))
	}
	var items []Item
	skipped, reason := 0, ""
	for i := 0; i < len(lines); i += 3 {
		pol, ok := polarityName(strings.TrimSpace(lines[i+2]))
		if !ok {
			return nil, 0, "", fmt.Errorf("absa item at line %d: polarity %q", i+3, lines[i+2])
		}
		before, after, ok := strings.Cut(lines[i], "$T$")
		if !ok {
			if skipped == 0 {
				reason = fmt.Sprintf("absa item at non-empty line %d: no $T$", i+1)
			}
			skipped++
			continue
		}
		// A second $T$ in the sentence is the same aspect again (as training/aste_data.py reads it).
		after = strings.ReplaceAll(after, "$T$", lines[i+1])
		bt, at, asp := strings.Fields(before), strings.Fields(after), strings.Fields(lines[i+1])
		toks := append(append(append([]string{}, bt...), asp...), at...)
		text, spans := joinTokens(toks)
		if len(asp) == 0 {
			return nil, 0, "", fmt.Errorf("absa item at line %d: empty aspect", i+2)
		}
		items = append(items, Item{Text: text, Label: pol, Aspect: [2]int{spans[len(bt)][0], spans[len(bt)+len(asp)-1][1]}})
	}
	return items, skipped, reason, nil
}

func parseCar(data []byte) ([]Item, error) {
	items, _, err := parseCarIDs(data)
	return items, err
}

// parseCarIDs is parseCar that also returns each item's content_id.
func parseCarIDs(data []byte) ([]Item, []string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("car header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	for _, k := range []string{"content_id", "content", "subject", "sentiment_value"} {
		if _, ok := col[k]; !ok {
			return nil, nil, fmt.Errorf("car header %v: no %s column", head, k)
		}
	}
	byID := map[string]int{}
	var items []Item
	var ids []string
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("car line %d: %w", line, err)
		}
		if len(rec) <= col["sentiment_value"] || len(rec) <= col["content"] {
			continue
		}
		var pol string
		switch strings.TrimSpace(rec[col["sentiment_value"]]) {
		case "-1":
			pol = "negative"
		case "0":
			pol = "neutral"
		case "1":
			pol = "positive"
		default:
			return nil, nil, fmt.Errorf("car line %d: sentiment_value %q", line, rec[col["sentiment_value"]])
		}
		id := rec[col["content_id"]]
		k, ok := byID[id]
		if !ok {
			k = len(items)
			byID[id] = k
			items = append(items, Item{Text: strings.TrimSpace(rec[col["content"]])})
			ids = append(ids, id)
		}
		items[k].Gold = append(items[k].Gold, strings.TrimSpace(rec[col["subject"]])+"|"+pol)
	}
	return items, ids, nil
}
