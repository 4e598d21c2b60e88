package scale

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
)

// chunk is one message of the work stream: a run of records of one file, in input order.
type chunk struct {
	Job     string       `json:"job"`
	Seq     int          `json:"seq"`  // 0-based, in input order over the whole job
	File    int          `json:"file"` // index into Manifest.Files
	Records []wireRecord `json:"records,omitempty"`
	// Calls are the calls of a transcript file (--format transcript), each one record.
	Calls []wireCall `json:"calls,omitempty"`
	First int        `json:"first,omitempty"` // the file's call number (0-based) of Calls[0]
}

// n is the chunk's number of records (calls for a transcript chunk).
func (c *chunk) n() int { return len(c.Records) + len(c.Calls) }

// wireCall is a parsed call; AutoID travels too (calls.Call leaves it out of JSON).
type wireCall struct {
	calls.Call
	AutoID bool `json:"auto_id,omitempty"`
	// TooLarge is the size of a call too large for one message (its turns are left out);
	// the worker fails it with call_too_large.
	TooLarge int `json:"too_large,omitempty"`
}

// wireRecord is a record as read by submit: the engine input (id and industry already
// resolved as `job run` resolves them), its line, or why it could not be read. Dominant and
// DominantShare carry engine.Input's (not part of its JSON): the worker's engine decides
// whether the record stays in the job's dominant industry, as in `job run`.
type wireRecord struct {
	engine.Input
	Line          int          `json:"line"`
	Err           *input.Error `json:"err,omitempty"`
	Dominant      string       `json:"dominant,omitempty"`
	DominantShare float64      `json:"dominant_share,omitempty"`
}

// Manifest describes a submitted job; it is published after its last chunk.
type Manifest struct {
	Job       string         `json:"job"`
	Inputs    []string       `json:"inputs"`
	Files     []ManifestFile `json:"files"`
	Chunks    int            `json:"chunks"`
	Records   int64          `json:"records"`
	Submitted time.Time      `json:"submitted"` // when submit started
	// Industry is the job's industry choice (jobs.ChooseIndustry), made by submit when it
	// has a graph (SubmitOptions.Graph); collect puts it in summary.json.
	Industry *jobs.IndustryChoice `json:"industry,omitempty"`
}

// ManifestFile is one input file of a job as submit read it.
type ManifestFile struct {
	Path     string `json:"path"`
	Format   string `json:"format,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	Records  int64  `json:"records"`
	// Error says why the file could not be read (to its end); ErrorLine is the line
	// reached. Collect writes it to errors.jsonl as a file_error after the file's records.
	Error     string `json:"error,omitempty"`
	ErrorLine int    `json:"error_line,omitempty"`
	// EndChunk is the number of chunks of this file and the files before it.
	EndChunk int `json:"end_chunk"`
}

// Headers of a result message.
const (
	// hdrPos is "seq index n file line": the chunk, the record's index in it, the chunk's
	// record count, the file index and the record's line.
	hdrPos      = "Tingzhen-Pos"
	hdrWorker   = "Tingzhen-Worker"
	hdrFailed   = "Tingzhen-Failed" // "1" when the result carries an Error
	hdrVersions = "Tingzhen-Versions"
	// hdrKind is "call" for a transcript job's results (CallResult lines).
	hdrKind  = "Tingzhen-Kind"
	kindCall = "call"
)

type pos struct {
	seq, idx, n, file, line int
}

func (p pos) String() string {
	return fmt.Sprintf("%d %d %d %d %d", p.seq, p.idx, p.n, p.file, p.line)
}

func parsePos(s string) (pos, error) {
	f := strings.Fields(s)
	if len(f) != 5 {
		return pos{}, fmt.Errorf("%s header %q: want 5 numbers", hdrPos, s)
	}
	var v [5]int
	for i, x := range f {
		n, err := strconv.Atoi(x)
		if err != nil || n < 0 {
			return pos{}, fmt.Errorf("%s header %q: %q is not a count", hdrPos, s, x)
		}
		v[i] = n
	}
	p := pos{seq: v[0], idx: v[1], n: v[2], file: v[3], line: v[4]}
	if p.idx >= p.n {
		return pos{}, fmt.Errorf("%s header %q: index %d not below the chunk's %d records", hdrPos, s, p.idx, p.n)
	}
	return p, nil
}

// recordMsgID is a job record's Nats-Msg-Id: job/file:line, the record's position, which
// names it across resubmits and redeliveries even where input ids repeat.
func recordMsgID(job string, file, line int) string {
	return job + "/" + strconv.Itoa(file) + ":" + strconv.Itoa(line)
}

// callMsgID is a call's Nats-Msg-Id: job/file#n, the n-th call (1-based) of the file.
func callMsgID(job string, file, n int) string {
	return job + "/" + strconv.Itoa(file) + "#" + strconv.Itoa(n)
}

// feedbackMsgID is a streamed record's Nats-Msg-Id: feedback/<record id>, with characters
// a header value cannot hold (control characters) escaped.
func feedbackMsgID(id string) string {
	return FeedbackJob + "/" + strconv.QuoteToASCII(id)
}

// resultMsg is one result message.
func resultMsg(subject, worker string, p pos, line []byte, failed bool, versions string) *nats.Msg {
	m := nats.NewMsg(subject)
	m.Data = line
	m.Header.Set(hdrPos, p.String())
	m.Header.Set(hdrWorker, worker)
	if failed {
		m.Header.Set(hdrFailed, "1")
	}
	if versions != "" {
		m.Header.Set(hdrVersions, versions)
	}
	return m
}
