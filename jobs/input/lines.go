package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"github.com/tingzhen/tingzhen/textcheck"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// lineReader reads line-based formats (JSONL, plain text).
type lineReader struct {
	path  string
	s     *stream
	opt   Options
	pos   Position
	parse func(line []byte, n int, opt Options) (Record, bool)
}

func newLineReader(path string, s *stream, opt Options, pos Position, parse func([]byte, int, Options) (Record, bool)) (*lineReader, error) {
	if pos.Offset > 0 {
		var err error
		if s, err = reopenAt(path, s, pos); err != nil {
			return nil, err
		}
	}
	return &lineReader{path: path, s: s, opt: opt, pos: pos, parse: parse}, nil
}

func (r *lineReader) Format() string   { return r.s.format }
func (r *lineReader) Encoding() string { return r.s.encoding }
func (r *lineReader) RawRead() int64   { return r.s.raw.n }
func (r *lineReader) Pos() Position    { return r.pos }
func (r *lineReader) Close() error     { return r.s.Close() }

func (r *lineReader) Next() (Record, error) {
	for {
		line, n, tooLong, err := readLine(r.s.br, r.opt.MaxRecordBytes)
		if n == 0 && err == io.EOF {
			return Record{}, io.EOF
		}
		if err != nil && err != io.EOF {
			return Record{}, fmt.Errorf("read %s after line %d: %w", r.path, r.pos.Line, err)
		}
		r.pos.Offset += int64(n)
		r.pos.Line++
		if tooLong {
			r.pos.Records++
			return Record{Line: r.pos.Line, Err: &Error{Code: string(recorderr.RecordTooLong), Message: fmt.Sprintf("line is longer than %d bytes", r.opt.MaxRecordBytes)}}, nil
		}
		rec, skip := r.parse(line, r.pos.Line, r.opt)
		if skip {
			continue
		}
		r.pos.Records++
		return rec, nil
	}
}

// readLine reads one line without its line ending; n is the bytes consumed including the
// ending. Past max bytes the rest of the line is consumed but not kept, and tooLong is set.
func readLine(br *bufio.Reader, max int) (line []byte, n int, tooLong bool, err error) {
	for {
		frag, e := br.ReadSlice('\n')
		n += len(frag)
		if !tooLong && len(line)+len(frag) <= max+2 {
			line = append(line, frag...)
		} else {
			tooLong, line = true, nil
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) > max {
			tooLong, line = true, nil
		}
		return line, n, tooLong, e
	}
}

func parseTextLine(line []byte, n int, opt Options) (Record, bool) {
	if len(bytes.TrimSpace(line)) == 0 {
		return Record{}, true
	}
	return Record{Text: string(line), Line: n}, false
}

func parseJSONLine(line []byte, n int, opt Options) (Record, bool) {
	if len(bytes.TrimSpace(line)) == 0 {
		return Record{}, true
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return Record{Line: n, Err: &Error{Code: string(recorderr.BadJSON), Message: jsonLineError(line, err)}}, false
	}
	rec := Record{Line: n}
	if opt.IDField != "" {
		rec.ID = scalar(obj[opt.IDField])
	} else {
		rec.ID = scalar(obj["id"])
	}
	if off := textcheck.InvalidUTF8At(line); off >= 0 {
		// encoding/json would replace the bytes with U+FFFD: refuse the record, as CSV and
		// text records with invalid bytes are.
		return Record{ID: rec.ID, Line: n, Err: &Error{Code: string(recorderr.InvalidUTF8), Message: fmt.Sprintf("byte 0x%02x at byte %d is not UTF-8 (it would silently become U+FFFD); re-export as UTF-8, or check the file's encoding", line[off], off)}}, false
	}
	if esc, off, bad := textcheck.LoneSurrogate(line); bad {
		// encoding/json would decode it to U+FFFD: refuse the record, as invalid bytes are.
		return Record{ID: rec.ID, Line: n, Err: &Error{Code: string(recorderr.InvalidUTF8), Message: fmt.Sprintf("the JSON escape %s at byte %d is half of a UTF-16 surrogate pair, not a character (it would silently become U+FFFD); fix the export", esc, off)}}, false
	}
	rec.Industry = scalar(obj[opt.IndustryField])
	plan, _ := planFields(opt, func(k string) (string, bool) { return findKey(obj, k) })
	if plan.time != "" {
		rec.Time = scalar(obj[plan.time])
	}
	if plan.role != "" {
		rec.Role = normRole(scalar(obj[plan.role]))
	}
	for d, k := range plan.dims {
		if d == DimTags {
			rec.Dims.Tags = jsonTags(obj[k])
		} else {
			setDim(&rec.Dims, d, scalar(obj[k]))
		}
	}
	field := opt.TextField
	if field == "" {
		for _, f := range defaultTextFields {
			if _, ok := obj[f]; ok {
				field = f
				break
			}
		}
	}
	raw, ok := obj[field]
	if field == "" || !ok {
		want := opt.TextField
		if want == "" {
			want = strings.Join(defaultTextFields, ", ")
		}
		return Record{ID: rec.ID, Line: n, Err: &Error{Code: string(recorderr.MissingText), Message: fmt.Sprintf("no text field (looked for %s; set --text-field)", want)}}, false
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return Record{ID: rec.ID, Line: n, Err: &Error{Code: string(recorderr.BadText), Message: fmt.Sprintf("field %q is not a string: %s", field, clipBytes(raw, 60))}}, false
	}
	rec.Text = text
	if plan.aspects != "" {
		var bad *Error
		if rec.Aspects, bad = jsonAspects(obj[plan.aspects]); bad != nil {
			return Record{ID: rec.ID, Line: n, Err: bad}, false
		}
	}
	return rec, false
}

// scalar renders a JSON string or number as text ("" for anything else).
func scalar(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var num json.Number
	if json.Unmarshal(raw, &num) == nil {
		if _, err := strconv.ParseFloat(num.String(), 64); err == nil {
			return num.String()
		}
	}
	return ""
}

func clipBytes(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}

// findKey finds a JSON key, exactly or else case-insensitively.
func findKey(obj map[string]json.RawMessage, k string) (string, bool) {
	if _, ok := obj[k]; ok {
		return k, true
	}
	for key := range obj {
		if strings.EqualFold(key, k) {
			return key, true
		}
	}
	return "", false
}

// jsonLineError says why line is not a JSON object: a syntax error with its byte offset (the
// character named as written: encoding/json names a byte, ç for the first byte of 物) and
// the text before it, or the kind of value the line holds instead of an object.
func jsonLineError(line []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		msg := se.Error()
		at := int(se.Offset) - 1 // the byte the decoder stopped at
		if at >= 0 && at < len(line) && line[at] >= utf8.RuneSelf {
			if r, size := utf8.DecodeRune(line[at:]); r != utf8.RuneError || size > 1 {
				q := strconv.Quote(string(rune(line[at])))
				msg = strings.Replace(msg, "'"+q[1:len(q)-1]+"'", "'"+string(r)+"'", 1)
			}
		}
		before := line[:max(0, min(at, len(line)))]
		for len(before) > 24 || (len(before) > 0 && !utf8.Valid(before)) {
			_, size := utf8.DecodeRune(before)
			before = before[size:]
		}
		if len(before) > 0 {
			return fmt.Sprintf("not valid JSON: %s (at byte %d, after %q)", msg, se.Offset, string(before))
		}
		return fmt.Sprintf("not valid JSON: %s (at byte %d)", msg, se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("not a JSON object but a JSON %s: each line must be one object such as {\"id\": \"1\", \"text\": \"…\"}", te.Value)
	}
	return "not valid JSON: " + err.Error()
}
