package adapt

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/textcheck"
)

// Row is one usable labelled text of the customer's file.
type Row struct {
	Line  int    `json:"line"` // 1-based line of the file where the row starts
	Text  string `json:"text"`
	Label string `json:"label"` // negative | neutral | positive
}

// RowError is one row that was skipped, and why.
type RowError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	Code   string `json:"code"` // empty_text, unknown_label, invalid_utf8, column_count, bad_csv, duplicate, conflicting_label
}

func (e RowError) String() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Data is what ReadFile made of a file.
type Data struct {
	Path     string
	SHA256   string // of the file's bytes as given
	Encoding string // input.UTF8 or input.GB18030
	Header   bool   // the first row named the columns
	Rows     []Row
	Skipped  []RowError
	Read     int // data rows read (header excluded)
}

// Counts returns the number of usable rows per label.
func (d *Data) Counts() map[string]int {
	c := map[string]int{}
	for _, r := range d.Rows {
		c[r.Label]++
	}
	return c
}

// SkippedBy returns the number of skipped rows per error code.
func (d *Data) SkippedBy() map[string]int {
	c := map[string]int{}
	for _, e := range d.Skipped {
		c[e.Code]++
	}
	return c
}

var (
	textNames = map[string]bool{"text": true, "review": true, "sentence": true, "content": true, "文本": true, "评论": true, "内容": true, "句子": true}
	labelCols = map[string]bool{"label": true, "sentiment": true, "polarity": true, "标签": true, "情感": true, "极性": true}
)

// headerColumns reports whether rec names the text and label columns, and where they are.
func headerColumns(rec []string) (text, label int, ok bool) {
	text, label = -1, -1
	for i, f := range rec {
		n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")))
		switch {
		case textNames[n] && text < 0:
			text = i
		case labelCols[n] && label < 0:
			label = i
		}
	}
	return text, label, text >= 0 && label >= 0
}

// ReadFile reads a labelled CSV (TSV when the name ends in .tsv or .tsv.gz; gzip'd when it
// starts with gzip's magic): columns text,label with or without a header (a header may
// name them in any order: text/review/sentence/content/文本/评论/内容 and
// label/sentiment/polarity/标签/情感; other columns are then ignored). encoding is auto
// (UTF-8 or GBK/GB18030 decided over the whole file, as jobs do: input.DetectEncoding),
// utf-8 or gbk/gb18030. Bad rows are skipped, each with a RowError; exact repeats of a text
// keep the first row. A file that cannot be read at all is an error.
func ReadFile(path, encoding string) (*Data, error) {
	f, err := openText(path, encoding, "labels")
	if err != nil {
		return nil, err
	}
	d := &Data{Path: path, SHA256: f.sha256, Encoding: f.encoding}
	name := strings.ToLower(path)
	if f.gzip {
		name = strings.TrimSuffix(name, ".gz")
	}
	sep := ','
	if strings.HasSuffix(name, ".tsv") {
		sep = '\t'
	}
	if err := d.parse(f.r, sep); err != nil { // a line GB18030 cannot read stays undecoded: invalid_utf8 below
		return nil, fmt.Errorf("labels %s: %w", path, err)
	}
	return d, nil
}

// textFile is a file of lines opened by openText.
type textFile struct {
	r        io.Reader // the text: gunzipped, GB18030 decoded line by line
	sha256   string    // of the file's bytes as given
	encoding string    // input.UTF8 or input.GB18030
	gzip     bool      // the file started with gzip's magic
}

// openText reads the file at path (ReadFile's labels, ReadUnlabelled's texts) and opens its
// text: encoding is auto (input.DetectEncoding over the whole file), utf-8 or gbk/gb18030;
// a file starting with gzip's magic is gunzipped. what names the file in errors.
func openText(path, encoding, what string) (*textFile, error) {
	enc, err := input.ParseEncoding(encoding)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, path, err)
	}
	sum := sha256.Sum256(raw)
	if enc == input.EncodingAuto {
		if enc, err = input.DetectEncoding(path); err != nil {
			return nil, fmt.Errorf("%s %s: %w", what, path, err)
		}
	}
	f := &textFile{r: bytes.NewReader(raw), sha256: hex.EncodeToString(sum[:]), encoding: enc}
	if len(raw) >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(f.r)
		if err != nil {
			return nil, fmt.Errorf("%s %s: not a readable gzip stream: %w", what, path, err)
		}
		f.r, f.gzip = zr, true // gzip.Reader.Close frees nothing: no Close needed
	}
	if enc == input.GB18030 {
		f.r = input.GB18030Lines(f.r)
	}
	return f, nil
}

// readCSV reads the records of r (sep-separated; a UTF-8 byte-order mark dropped), calling
// row with each record and its line, and bad with each record that is not CSV (the
// reader's error, and the bad_csv RowError naming its line). A record the reader cannot go past, and any error row or bad
// returns, end the read with that error. ReadFile's labels and ReadUnlabelled's CSV both
// read through it.
func readCSV(r io.Reader, sep rune, row func(rec []string, line int) error, bad func(*csv.ParseError, RowError) error) error {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	lastErrLine := -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if pe.StartLine == lastErrLine {
				return fmt.Errorf("line %d: %v (the reader cannot go past it)", pe.StartLine, pe.Err)
			}
			lastErrLine = pe.StartLine
			if err := bad(pe, RowError{Line: pe.StartLine, Code: "bad_csv", Reason: fmt.Sprintf("not a CSV row: %v (quote a text holding %q or quotes)", pe.Err, string(sep))}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		line, _ := cr.FieldPos(0)
		if err := row(rec, line); err != nil {
			return err
		}
	}
}

// parse reads the CSV records of r into d.
func (d *Data) parse(r io.Reader, sep rune) error {
	textCol, labelCol, ncols := 0, 1, 2
	first := true
	seen := map[string]Row{}
	bad := func(_ *csv.ParseError, e RowError) error {
		d.Read++
		d.Skipped = append(d.Skipped, e)
		first = false
		return nil
	}
	return readCSV(r, sep, func(rec []string, line int) error {
		if first {
			first = false
			if t, l, ok := headerColumns(rec); ok {
				d.Header = true
				textCol, labelCol, ncols = t, l, len(rec)
				return nil
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			return nil // a blank line
		}
		d.Read++
		if e, ok := d.check(rec, line, textCol, labelCol, ncols); !ok {
			d.Skipped = append(d.Skipped, e)
			return nil
		}
		row := Row{Line: line, Text: strings.TrimSpace(rec[textCol])}
		row.Label, _ = ParseLabel(rec[labelCol])
		if prev, dup := seen[row.Text]; dup {
			if prev.Label == row.Label {
				d.Skipped = append(d.Skipped, RowError{Line: line, Code: "duplicate", Reason: fmt.Sprintf("same text as line %d (kept once)", prev.Line)})
			} else {
				d.Skipped = append(d.Skipped, RowError{Line: line, Code: "conflicting_label", Reason: fmt.Sprintf("same text as line %d labelled %s, here %s (the first kept)", prev.Line, prev.Label, row.Label)})
			}
			return nil
		}
		seen[row.Text] = row
		d.Rows = append(d.Rows, row)
		return nil
	}, bad)
}

// check says why a record is not a usable row (ok false), in the order a reader fixes them.
func (d *Data) check(rec []string, line, textCol, labelCol, ncols int) (RowError, bool) {
	if len(rec) != ncols {
		want := "2 (text,label)"
		if d.Header {
			want = fmt.Sprint(ncols, " (as the header)")
		}
		return RowError{Line: line, Code: "column_count", Reason: fmt.Sprintf("%d columns, want %s; quote a text that holds a comma", len(rec), want)}, false
	}
	for _, f := range rec {
		if !utf8.ValidString(f) {
			off := textcheck.InvalidUTF8At([]byte(f))
			return RowError{Line: line, Code: "invalid_utf8", Reason: fmt.Sprintf("byte %d of a cell is not valid UTF-8 (nor GBK); convert the file to UTF-8 (or pass --encoding)", off)}, false
		}
	}
	if strings.TrimSpace(rec[textCol]) == "" {
		return RowError{Line: line, Code: "empty_text", Reason: "empty text"}, false
	}
	if _, ok := ParseLabel(rec[labelCol]); !ok {
		return RowError{Line: line, Code: "unknown_label", Reason: fmt.Sprintf("unknown label %q (want %s)", clip(rec[labelCol], 20), LabelHelp)}, false
	}
	return RowError{}, true
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
