package adapt

import (
	"bufio"
	"bytes"
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

// ReadUnlabelled reads the customer's unlabelled texts: one text a line (gzip'd read too;
// UTF-8 or GBK/GB18030 as ReadFile decides). Blank lines are ignored; a line that is not
// valid UTF-8 or longer than MaxUnlabelledBytes is skipped with a RowError, an exact repeat
// is dropped (code duplicate); the rest go on. A file that cannot be read is an error.
func ReadUnlabelled(path, encoding string) (*Unlabelled, error) {
	f, err := openText(path, encoding, "unlabelled texts")
	if err != nil {
		return nil, err
	}
	u := &Unlabelled{Path: path, SHA256: f.sha256, Encoding: f.encoding}
	if err := u.parse(f.r); err != nil {
		return nil, fmt.Errorf("unlabelled texts %s: %w", path, err)
	}
	return u, nil
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
		switch {
		case len(b) > MaxUnlabelledBytes:
			u.Skipped = append(u.Skipped, RowError{Line: line, Code: "too_long", Reason: fmt.Sprintf("%d bytes, over %d: split the text", len(b), MaxUnlabelledBytes)})
		case !utf8.ValidString(t):
			u.Skipped = append(u.Skipped, RowError{Line: line, Code: "invalid_utf8", Reason: fmt.Sprintf("byte %d is not valid UTF-8 (nor GBK); convert the file to UTF-8 (or pass --encoding)", textcheck.InvalidUTF8At([]byte(t)))})
		case seen[t] > 0:
			u.Skipped = append(u.Skipped, RowError{Line: line, Code: "duplicate", Reason: fmt.Sprintf("same text as line %d (kept once)", seen[t])})
		default:
			seen[t] = line
			u.Texts = append(u.Texts, t)
			u.Lines = append(u.Lines, line)
		}
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
