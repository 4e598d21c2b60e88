package adapt

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/textcheck"
)

// MaxUnlabelledBytes bounds one line of the unlabelled file (a longer line is skipped with
// a RowError, the rest go on).
const MaxUnlabelledBytes = 64 << 10

// Unlabelled is what ReadUnlabelled made of the customer's unlabelled texts.
type Unlabelled struct {
	Path     string
	SHA256   string
	Encoding string
	Texts    []string
	Lines    []int // the 1-based line of each text
	Skipped  []RowError
	Read     int // non-blank lines read
}

// ReadUnlabelled reads the customer's unlabelled texts (gzip'd read too; UTF-8 or
// GBK/GB18030 as ReadFile decides). Two contracts, by the file's name:
//   - a name ending in .csv or .tsv (before any .gz): a CSV (TSV) whose first row is a
//     header naming the text column as ReadFile's header does (text, review, sentence,
//     content, 文本, 评论, 内容, 句子); other columns (a label, an id) are ignored, so a
//     labelled export can be given as it is. A file without such a header is an error;
//     a row that is not CSV, has a different column count than the header, or has an empty
//     text is skipped with a RowError naming its line;
//   - any other name: one text a line (a comma is part of the text).
//
// Blank lines are ignored; a text that is not valid UTF-8 or longer than
// MaxUnlabelledBytes is skipped with a RowError, an exact repeat is dropped (code
// duplicate); the rest go on. A file that cannot be read is an error.
func ReadUnlabelled(path, encoding string) (*Unlabelled, error) {
	f, err := openText(path, encoding, "unlabelled texts")
	if err != nil {
		return nil, err
	}
	u := &Unlabelled{Path: path, SHA256: f.sha256, Encoding: f.encoding}
	name := strings.ToLower(path)
	if f.gzip {
		name = strings.TrimSuffix(name, ".gz")
	}
	switch {
	case strings.HasSuffix(name, ".csv"):
		err = u.parseCSV(f.r, ',')
	case strings.HasSuffix(name, ".tsv"):
		err = u.parseCSV(f.r, '\t')
	default:
		err = u.parse(f.r)
	}
	if err != nil {
		return nil, fmt.Errorf("unlabelled texts %s: %w", path, err)
	}
	return u, nil
}

// parseCSV reads a CSV (sep ',') or TSV (sep '\t') of unlabelled texts: a header naming
// the text column, then one text a row.
func (u *Unlabelled) parseCSV(r io.Reader, sep rune) error {
	textCol, ncols := -1, 0
	seen := map[string]int{}
	bad := func(pe *csv.ParseError, e RowError) error {
		if textCol < 0 {
			return fmt.Errorf("line %d: the header is not a CSV row: %v", pe.StartLine, pe.Err)
		}
		u.Read++
		u.Skipped = append(u.Skipped, e)
		return nil
	}
	err := readCSV(r, sep, func(rec []string, line int) error {
		if textCol < 0 {
			textCol, _, _ = headerColumns(rec) // csv.go: the text column of a labelled file's header
			if textCol < 0 {
				return fmt.Errorf("line %d: want a header row naming the text column (text, review, sentence, content, 文本, 评论, 内容 or 句子), got %q; a file of one text a line needs a name not ending in .csv/.tsv", line, clip(strings.Join(rec, string(sep)), 60))
			}
			ncols = len(rec)
			return nil
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			return nil // a blank line
		}
		u.Read++
		t := ""
		if len(rec) == ncols {
			t = strings.TrimSpace(rec[textCol])
		}
		switch {
		case len(rec) != ncols:
			u.Skipped = append(u.Skipped, RowError{Line: line, Code: "column_count", Reason: fmt.Sprintf("%d columns, want %d (as the header); quote a text that holds %q", len(rec), ncols, string(sep))})
		case t == "":
			u.Skipped = append(u.Skipped, RowError{Line: line, Code: "empty_text", Reason: "empty text"})
		default:
			u.add(t, len(rec[textCol]), line, seen)
		}
		return nil
	}, bad)
	if err == nil && textCol < 0 {
		return fmt.Errorf("no header row (want one naming the text column: text, review, sentence, content, 文本, 评论, 内容 or 句子)")
	}
	return err
}

// add keeps t (read at line, raw bytes long) or records why it is skipped.
func (u *Unlabelled) add(t string, raw, line int, seen map[string]int) {
	switch {
	case raw > MaxUnlabelledBytes:
		u.Skipped = append(u.Skipped, RowError{Line: line, Code: "too_long", Reason: fmt.Sprintf("%d bytes, over %d: split the text", raw, MaxUnlabelledBytes)})
	case !utf8.ValidString(t):
		u.Skipped = append(u.Skipped, RowError{Line: line, Code: "invalid_utf8", Reason: fmt.Sprintf("byte %d is not valid UTF-8 (nor GBK); convert the file to UTF-8 (or pass --encoding)", textcheck.InvalidUTF8At([]byte(t)))})
	case seen[t] > 0:
		u.Skipped = append(u.Skipped, RowError{Line: line, Code: "duplicate", Reason: fmt.Sprintf("same text as line %d (kept once)", seen[t])})
	default:
		seen[t] = line
		u.Texts = append(u.Texts, t)
		u.Lines = append(u.Lines, line)
	}
}

func (u *Unlabelled) parse(r io.Reader) error {
	br := bufio.NewReaderSize(r, 64<<10)
	seen := map[string]int{}
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		t := strings.TrimSpace(string(b))
		if t == "" {
			continue
		}
		u.Read++
		u.add(t, len(b), line, seen)
		if err == io.EOF {
			return nil
		}
	}
}

// dropLabelled removes the unlabelled texts that are also labelled rows (a training row is
// not pseudo-labelled; a held-out row must stay unseen by training), and says how many.
func (u *Unlabelled) dropLabelled(rows ...[]Row) (texts []string, dropped int) {
	lab := map[string]bool{}
	for _, rs := range rows {
		for _, r := range rs {
			lab[r.Text] = true
		}
	}
	for _, t := range u.Texts {
		if lab[t] {
			dropped++
			continue
		}
		texts = append(texts, t)
	}
	return texts, dropped
}
