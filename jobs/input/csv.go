package input

import (
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"io"
	"strings"
)

// csvReader reads CSV or TSV with a header row. The parser is RFC 4180 with leniency for
// real exports: quotes inside unquoted fields are literal, text after a closing quote is
// kept, and when the text column is the last one, surplus fields (unquoted separators in
// the text) are joined back into it. It tracks exact byte offsets and line numbers, and
// bounds memory per row by Options.MaxRecordBytes.
type csvReader struct {
	path                   string
	s                      *stream
	opt                    Options
	pos                    Position
	sep                    byte
	header                 []string
	textCol, idCol, indCol int
	textField              string
	timeCol, roleCol       int
	aspectsCol             int
	dimCols                map[string]int
}

func newCSVReader(path string, s *stream, opt Options, pos Position) (*csvReader, error) {
	r := &csvReader{path: path, s: s, opt: opt, sep: ',', idCol: -1, indCol: -1, textCol: -1}
	if s.format == TSV {
		r.sep = '\t'
	}
	var (
		fields []string
		bad    *Error
		err    error
	)
	for {
		fields, _, bad, err = r.row()
		if err == io.EOF {
			s.Close()
			return nil, fmt.Errorf("input %s: empty %s file (no header row)", path, s.format)
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("read header of %s: %w", path, err)
		}
		if bad != nil {
			s.Close()
			return nil, fmt.Errorf("input %s: bad header row: %s", path, bad.Message)
		}
		if !(len(fields) == 1 && strings.TrimSpace(fields[0]) == "") {
			break
		}
	}
	for i, f := range fields {
		fields[i] = strings.TrimSpace(f)
	}
	r.header = fields
	col := func(name string) int {
		for i, f := range fields {
			if strings.EqualFold(f, name) {
				return i
			}
		}
		return -1
	}
	if opt.TextField != "" {
		r.textCol = col(opt.TextField)
	} else {
		for _, f := range defaultTextFields {
			if r.textCol = col(f); r.textCol >= 0 {
				break
			}
		}
	}
	if r.textCol < 0 {
		s.Close()
		want := opt.TextField
		if want == "" {
			want = "one of " + strings.Join(defaultTextFields, ", ")
		}
		return nil, fmt.Errorf("input %s: no text column (%s) in header [%s]; set --text-field", path, want, strings.Join(fields, ", "))
	}
	r.textField = fields[r.textCol]
	if opt.IDField != "" {
		if r.idCol = col(opt.IDField); r.idCol < 0 {
			s.Close()
			return nil, fmt.Errorf("input %s: no id column %q in header [%s]", path, opt.IDField, strings.Join(fields, ", "))
		}
	} else {
		r.idCol = col("id")
	}
	r.indCol = col(opt.IndustryField)
	plan, missing := planFields(opt, func(k string) (string, bool) {
		if i := col(k); i >= 0 {
			return fields[i], true
		}
		return "", false
	})
	if len(missing) > 0 {
		s.Close()
		return nil, fmt.Errorf("input %s: no column for the %s in header [%s]", path, strings.Join(missing, ", "), strings.Join(fields, ", "))
	}
	r.timeCol, r.roleCol, r.aspectsCol = -1, -1, -1
	if plan.time != "" {
		r.timeCol = col(plan.time)
	}
	if plan.role != "" {
		r.roleCol = col(plan.role)
	}
	if plan.aspects != "" {
		r.aspectsCol = col(plan.aspects)
	}
	r.dimCols = map[string]int{}
	for d, k := range plan.dims {
		r.dimCols[d] = col(k)
	}
	if pos.Offset > 0 {
		if r.s, err = reopenAt(path, r.s, pos); err != nil {
			return nil, err
		}
		r.pos = pos
	}
	return r, nil
}

func (r *csvReader) Format() string   { return r.s.format }
func (r *csvReader) Encoding() string { return r.s.encoding }
func (r *csvReader) RawRead() int64   { return r.s.raw.n }
func (r *csvReader) Pos() Position    { return r.pos }
func (r *csvReader) Close() error     { return r.s.Close() }

func (r *csvReader) Next() (Record, error) {
	for {
		fields, start, bad, err := r.row()
		if err != nil {
			if err == io.EOF {
				return Record{}, io.EOF
			}
			return Record{}, fmt.Errorf("read %s after line %d: %w", r.path, r.pos.Line, err)
		}
		if bad == nil && len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue // blank line
		}
		r.pos.Records++
		if bad != nil {
			return Record{Line: start, Err: bad}, nil
		}
		rec := Record{Line: start}
		if r.idCol >= 0 && r.idCol < len(fields) {
			rec.ID = strings.TrimSpace(fields[r.idCol])
		}
		if r.indCol >= 0 && r.indCol < len(fields) {
			rec.Industry = strings.TrimSpace(fields[r.indCol])
		}
		if r.timeCol >= 0 && r.timeCol < len(fields) && r.timeCol != r.textCol {
			rec.Time = strings.TrimSpace(fields[r.timeCol])
		}
		if r.roleCol >= 0 && r.roleCol < len(fields) && r.roleCol != r.textCol {
			rec.Role = normRole(fields[r.roleCol])
		}
		for d, c := range r.dimCols {
			if c >= 0 && c < len(fields) && c != r.textCol {
				setDim(&rec.Dims, d, fields[c])
			}
		}
		switch {
		case r.textCol >= len(fields):
			rec.Err = &Error{Code: string(recorderr.MissingColumn), Message: fmt.Sprintf("row has %d field(s), the text column %q is number %d", len(fields), r.textField, r.textCol+1)}
		case r.textCol == len(r.header)-1 && len(fields) > len(r.header):
			rec.Text = strings.Join(fields[r.textCol:], string(r.sep))
		default:
			rec.Text = fields[r.textCol]
		}
		if rec.Err == nil && r.aspectsCol >= 0 && r.aspectsCol < len(fields) && r.aspectsCol != r.textCol {
			rec.Aspects = SplitList(fields[r.aspectsCol])
		}
		return rec, nil
	}
}

// row parses one CSV row. bad reports a row that is too long or has an unterminated quote.
func (r *csvReader) row() (fields []string, start int, bad *Error, err error) {
	br := r.s.br
	start = r.pos.Line + 1
	max := r.opt.MaxRecordBytes
	var field []byte
	size := 0
	inQuotes, fieldStart, sawAny, tooLong := false, true, false, false
	endField := func() {
		if !tooLong {
			fields = append(fields, string(field))
		}
		field = field[:0]
		fieldStart = true
	}
	for {
		c, e := br.ReadByte()
		if e != nil {
			if e != io.EOF {
				return nil, start, nil, e
			}
			if !sawAny {
				return nil, start, nil, io.EOF
			}
			r.pos.Line++
			switch {
			case tooLong:
				return nil, start, &Error{Code: string(recorderr.RecordTooLong), Message: fmt.Sprintf("row is longer than %d bytes", max)}, nil
			case inQuotes:
				return nil, start, &Error{Code: string(recorderr.BadCSV), Message: "quoted field not closed before the end of the file"}, nil
			}
			endField()
			return fields, start, nil, nil
		}
		sawAny = true
		r.pos.Offset++
		size++
		if size > max && !tooLong {
			tooLong, fields, field = true, nil, nil
		}
		if inQuotes {
			switch {
			case c == '"':
				if b, _ := br.Peek(1); len(b) == 1 && b[0] == '"' {
					br.ReadByte()
					r.pos.Offset++
					size++
					if !tooLong {
						field = append(field, '"')
					}
					continue
				}
				inQuotes = false
			case c == '\n':
				r.pos.Line++
				if tooLong {
					// An unterminated quote or a huge field: give up on this row at this line.
					return nil, start, &Error{Code: string(recorderr.RecordTooLong), Message: fmt.Sprintf("row is longer than %d bytes (or has an unterminated quote)", max)}, nil
				}
				field = append(field, c)
			default:
				if !tooLong {
					field = append(field, c)
				}
			}
			continue
		}
		switch {
		case c == '"' && fieldStart:
			inQuotes, fieldStart = true, false
		case c == r.sep:
			endField()
		case c == '\n':
			r.pos.Line++
			if n := len(field); n > 0 && field[n-1] == '\r' {
				field = field[:n-1]
			}
			if tooLong {
				return nil, start, &Error{Code: string(recorderr.RecordTooLong), Message: fmt.Sprintf("row is longer than %d bytes", max)}, nil
			}
			endField()
			return fields, start, nil, nil
		default:
			fieldStart = false
			if !tooLong {
				field = append(field, c)
			}
		}
	}
}
