package input

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/insights"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Formats.
const (
	Auto       = "auto"
	JSONL      = "jsonl"
	CSV        = "csv"
	TSV        = "tsv"
	Text       = "txt"
	Transcript = "transcript"
)

// Encodings reported by Reader.Encoding.
const (
	UTF8    = "utf-8"
	GB18030 = "gb18030"
)

// ErrUnsupported is returned for a format this build cannot read yet.
var ErrUnsupported = errors.New("format not supported yet")

// Options say how to read files.
type Options struct {
	// Format is auto (default: from the file name, else sniffed), jsonl, csv, tsv, txt or transcript.
	Format string
	// TextField is the JSON key or CSV/TSV column holding the text. Default: the first of
	// text, content, review, comment, body, message, 内容, 评论, 文本 that exists.
	TextField string
	// IDField is the JSON key or column of the record id. Default: id when present; records
	// without an id are named file:line.
	IDField string
	// IndustryField is the key or column naming the record's industry (default industry).
	IndustryField string
	// TimeField is the key or column of the event time (any format insights.ParseTime
	// reads; the engine rejects a bad one with code bad_time). Default: the first of time,
	// date, datetime, timestamp, created_at, create_time, 日期, 时间, 评论时间, 发布时间 present.
	TimeField string
	// Fields maps dimensions (DimNames: channel, brand, product, store, region, segment,
	// tags) to keys or columns. A dimension not named here is read from a key or column of
	// its usual names when one exists (channel/渠道, brand/品牌, product/商品/产品,
	// store/shop/门店/店铺, region/区域/地区, segment/客群, tags/标签). CheckFields validates it.
	// A role / 角色 key or column says who speaks (客服/agent, 系统/system: never counted).
	// An aspects key or column names the record's aspect terms (Record.Aspects).
	Fields map[string]string
	// MaxRecordBytes bounds one record (line or CSV row); longer ones become bad records
	// without being held in memory. Default 1 MiB.
	MaxRecordBytes int
	// Encoding of the files (ParseEncoding): auto (default) reads each file whole once, on
	// line boundaries, and decodes it as GB18030 when some lines only GB18030 reads and
	// none only UTF-8 reads, as UTF-8 when no line needs GB18030, and refuses a file that
	// mixes both (file error mixed_encoding); utf-8 or gbk/gb18030 decode every file so
	// (bytes the decoding cannot read make bad records: invalid_utf8, invalid_gbk).
	Encoding string
}

func (o Options) withDefaults() Options {
	if o.Format == "" {
		o.Format = Auto
	}
	if o.IndustryField == "" {
		o.IndustryField = "industry"
	}
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = 1 << 20
	}
	if o.Encoding == "" {
		o.Encoding = EncodingAuto
	}
	return o
}

// DefaultTextFields are tried in order when Options.TextField is empty.
var defaultTextFields = []string{"text", "content", "review", "comment", "body", "message", "sentence", "内容", "评论", "文本", "评价"}

// Record is one record read from a file. A record that could not be parsed carries Err and
// no Text.
type Record struct {
	ID       string // from the id field, "" when there is none
	Text     string
	Industry string
	Time     string        // the event time as written ("" when the file has none)
	Role     string        // who speaks (a role / 角色 key or column): "" customer, agent, system
	Dims     insights.Dims // channel, brand, product, store, region, segment, tags
	// Aspects are the aspect terms the record names (engine.Input.Aspects): a JSON key
	// aspects holding an array of strings (anything else makes the record bad_aspects), or
	// an aspects column listing them separated by | , ; 、 ， or ； (SplitList). The
	// terms are passed as written; the engine checks them (bad_aspects).
	Aspects []string
	Line    int // 1-based line where the record starts
	Err     *Error
}

// Error is why a record is bad.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Position is how far a Reader got: the offset in the decoded (decompressed, UTF-8) stream
// just past the last record returned, the number of lines consumed and records returned.
// Passing it back to Open resumes right after that record.
type Position struct {
	Offset  int64 `json:"offset"`
	Line    int   `json:"line"`
	Records int64 `json:"records"`
}

// Reader streams the records of one file.
type Reader interface {
	// Next returns the next record; io.EOF at the end. Other errors are fatal for the file
	// (I/O errors); bad records come back as records with Err set.
	Next() (Record, error)
	// Pos is the position just past the last record returned.
	Pos() Position
	// Format and Encoding describe the file.
	Format() string
	Encoding() string
	// RawRead is how many bytes of the file itself have been read (for progress).
	RawRead() int64
	Close() error
}

// Expand turns paths, globs and directories into a sorted, de-duplicated list of files.
// Directories are walked recursively for files whose name has a known extension
// (.jsonl .ndjson .json .csv .tsv .txt, optionally .gz); hidden entries are skipped.
// Special files and dangling symbolic links are listed like files: OpenFile refuses them
// one by one, so that the rest of a job goes on.
func Expand(patterns []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, pat := range patterns {
		matches := []string{pat}
		if strings.ContainsAny(pat, "*?[") {
			m, err := filepath.Glob(pat)
			if err != nil {
				return nil, fmt.Errorf("input pattern %q: %w", pat, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("input pattern %q matches no files", pat)
			}
			matches = m
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				// A dangling symbolic link is kept: reading it gives a per-file error
				// (OpenFile) instead of stopping the whole job here.
				if lst, lerr := os.Lstat(m); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
					add(m)
					continue
				}
				return nil, fmt.Errorf("input %s: %w", m, err)
			}
			if !st.IsDir() {
				add(m)
				continue
			}
			var files []string
			err = filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if p != m && strings.HasPrefix(d.Name(), ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if !d.IsDir() && FormatFromName(p) != "" {
					files = append(files, p)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("walk input directory %s: %w", m, err)
			}
			sort.Strings(files)
			for _, f := range files {
				add(f)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no input files")
	}
	return out, nil
}

// FormatFromName guesses the format from a file name ("" when unknown).
func FormatFromName(name string) string {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	switch filepath.Ext(n) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".csv":
		return CSV
	case ".tsv", ".tab":
		return TSV
	case ".txt", ".text", ".log":
		return Text
	}
	return ""
}

// stream is a file opened for reading: raw → gunzip → charset decoding, counting decoded bytes.
type stream struct {
	f        *os.File
	raw      *countReader
	gz       *gzip.Reader
	br       *bufio.Reader
	encoding string
	encOpt   string // Options.Encoding as given (auto, or the decided one on reopen)
	format   string
	gzipped  bool
	offset   int64 // decoded bytes consumed by the parser (maintained by parsers)
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

const sniffBytes = 64 << 10

// openStream opens path, un-gzips it, detects the charset and skips `skip` decoded bytes.
func openStream(path, format, enc string, skip int64) (*stream, error) {
	f, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	s := &stream{f: f, raw: &countReader{r: f}, encOpt: enc}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	head := bufio.NewReaderSize(s.raw, 64<<10)
	var r io.Reader = head
	if magic, _ := head.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		s.gz, err = gzip.NewReader(head)
		if err != nil {
			return nil, fileError(path, CodeBadGzip, fmt.Sprintf("not a readable gzip stream (%v); none of its records were analysed", err))
		}
		r, s.gzipped = s.gz, true
	}
	br := bufio.NewReaderSize(r, sniffBytes)
	sample, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		if s.gzipped {
			return nil, fileError(path, CodeBadGzip, fmt.Sprintf("the gzip stream is corrupt or truncated (%v); the whole file is refused and none of its records were analysed", err))
		}
		return nil, fmt.Errorf("read input %s: %w", path, err)
	}
	bom := 0
	if bytes.HasPrefix(sample, []byte("\xef\xbb\xbf")) {
		bom = 3
	}
	s.encoding = enc
	if bom > 0 {
		br.Discard(bom)
	}
	if s.encoding == GB18030 {
		br = bufio.NewReaderSize(transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), 64<<10)
	}
	s.format = format
	if s.format == "" || s.format == Auto {
		s.format = FormatFromName(path)
		if s.format == "" {
			s.format = sniffFormat(sample[bom:])
		}
	}
	if skip > 0 {
		// Plain UTF-8 files seek; compressed or converted ones are decoded and skipped.
		if !s.gzipped && s.encoding == UTF8 {
			if _, err := f.Seek(int64(bom)+skip, io.SeekStart); err != nil {
				return nil, fmt.Errorf("seek input %s to %d: %w", path, skip, err)
			}
			s.raw.n = int64(bom) + skip
			br = bufio.NewReaderSize(s.raw, 64<<10)
		} else if n, err := io.CopyN(io.Discard, br, skip); err != nil {
			return nil, fmt.Errorf("skip %d bytes of input %s (got %d): %w", skip, path, n, err)
		}
		s.offset = skip
	}
	s.br = br
	ok = true
	return s, nil
}

func (s *stream) Close() error {
	if s.gz != nil {
		s.gz.Close()
	}
	if s.f == nil { // JSONLines: the caller owns the reader
		return nil
	}
	return s.f.Close()
}

func sniffFormat(sample []byte) string {
	t := bytes.TrimLeft(sample, " \t\r\n")
	if len(t) > 0 && t[0] == '{' {
		return JSONL
	}
	line := t
	if i := bytes.IndexByte(t, '\n'); i >= 0 {
		line = t[:i]
	}
	if bytes.Count(line, []byte("\t")) > 0 {
		return TSV
	}
	return Text
}

// Open opens one file for reading, resuming after pos (the zero Position starts at the top).
func Open(path string, opt Options, pos Position) (Reader, error) {
	opt = opt.withDefaults()
	format := opt.Format
	if format == Transcript {
		return nil, fmt.Errorf("input %s: --format transcript: %w by this package (jobs parses transcripts whole with package calls)", path, ErrUnsupported)
	}
	if err := CheckFields(opt.Fields); err != nil {
		return nil, fmt.Errorf("input %s: %w", path, err)
	}
	switch format {
	case Auto, JSONL, CSV, TSV, Text:
	default:
		return nil, fmt.Errorf("input %s: unknown format %q (want auto, jsonl, csv, tsv, txt or transcript)", path, format)
	}
	enc, err := ParseEncoding(opt.Encoding)
	if err != nil {
		return nil, fmt.Errorf("input %s: %w", path, err)
	}
	verified := false
	if enc == EncodingAuto {
		if enc, verified, err = detectFileEncoding(path); err != nil {
			return nil, err
		}
	}
	s, err := openStream(path, format, enc, 0)
	if err != nil {
		return nil, err
	}
	if s.gzipped && !verified {
		if err := verifyGzip(path); err != nil {
			s.Close()
			return nil, err
		}
	}
	var rd Reader
	switch s.format {
	case JSONL:
		rd, err = newLineReader(path, s, opt, pos, parseJSONLine)
	case Text:
		rd, err = newLineReader(path, s, opt, pos, parseTextLine)
	case CSV, TSV:
		rd, err = newCSVReader(path, s, opt, pos)
	default:
		s.Close()
		return nil, fmt.Errorf("input %s: unknown format %q", path, s.format)
	}
	if err != nil {
		return nil, err
	}
	if enc == GB18030 {
		rd = gbChecked{rd}
	}
	return rd, nil
}

// JSONLines reads JSONL records from r (already UTF-8: decode GBK first, e.g. with
// GB18030Lines), exactly as Open reads a JSONL file: the same fields, limits and per-line
// errors. name is what read errors call the input (a path, or "stdin"). It cannot resume
// (Position is reported, not accepted) and Close leaves r open. `tingzhen analyze --input`
// reads through it, so analyze and jobs have one JSONL reader.
func JSONLines(r io.Reader, name string, opt Options) (Reader, error) {
	opt = opt.withDefaults()
	if err := CheckFields(opt.Fields); err != nil {
		return nil, fmt.Errorf("input %s: %w", name, err)
	}
	raw := &countReader{r: r}
	s := &stream{raw: raw, br: bufio.NewReaderSize(skipBOM(raw), 1<<20), encoding: UTF8, encOpt: UTF8, format: JSONL}
	return &lineReader{path: name, s: s, opt: opt, parse: parseJSONLine}, nil
}

// reopenAt replaces s with a fresh stream of the same file positioned at pos.Offset.
func reopenAt(path string, s *stream, pos Position) (*stream, error) {
	format := s.format
	s.Close()
	ns, err := openStream(path, format, s.encoding, pos.Offset)
	if err != nil {
		return nil, err
	}
	return ns, nil
}
