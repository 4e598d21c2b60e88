package parse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/textcheck"
)

// Formats accepted by Parse ("auto" detects them from the content).
const (
	FormatAuto  = "auto"
	FormatJSON  = "json"
	FormatSRT   = "srt"
	FormatVTT   = "vtt"
	FormatJDDC  = "jddc"
	FormatLines = "lines"
	FormatWAV   = "wav"
)

// ErrFormat wraps every input that cannot be parsed.
var ErrFormat = errors.New("bad transcript")

// ParseOptions tunes Parse. Zero values take the defaults.
type ParseOptions struct {
	// TimeUnit of JSON start/end numbers: "s", "ms" or "auto" (default): any fractional
	// number means seconds; all integers with a largest value ≥ 1000 mean milliseconds
	// (FunASR), otherwise seconds. Fields named start_ms/end_ms are always milliseconds.
	TimeUnit string
	// AgentChannel is the WAV channel of the agent in stereo audio: 0 left (default), 1 right.
	AgentChannel int
	// MaxBytes bounds the input (default 64 MiB).
	MaxBytes int64
	// ID names a single call that carries no id of its own (default "call").
	ID string
}

// Parse reads calls from r in format (auto, json, srt, vtt, jddc, lines, wav) with default options.
func Parse(r io.Reader, format string) ([]Call, error) {
	return ParseWith(r, format, ParseOptions{})
}

// ParseWith reads calls from r in format with options.
func ParseWith(r io.Reader, format string, opt ParseOptions) ([]Call, error) {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 64 << 20
	}
	autoID := opt.ID == ""
	if autoID {
		opt.ID = "call"
	}
	data, err := io.ReadAll(io.LimitReader(r, opt.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read transcript: %w", err)
	}
	if int64(len(data)) > opt.MaxBytes {
		return nil, fmt.Errorf("%w: input is larger than %d bytes", ErrFormat, opt.MaxBytes)
	}
	format = strings.ToLower(strings.TrimSpace(format))
	if format == "" || format == FormatAuto {
		format = Detect(data)
	}
	if format != FormatWAV {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(data) {
			return nil, fmt.Errorf("%w: %s input is not valid UTF-8", ErrFormat, format)
		}
	}
	var calls []Call
	switch format {
	case FormatJSON:
		calls, err = parseJSON(data, opt)
	case FormatSRT, FormatVTT:
		calls, err = parseSubtitles(data, format, opt)
	case FormatJDDC:
		calls, err = parseJDDC(data)
	case FormatLines:
		calls, err = parseLines(data, opt)
	case FormatWAV:
		var c Call
		c, err = parseWAVCall(data, opt)
		calls = []Call{c}
	default:
		return nil, fmt.Errorf("%w: unknown format %q (want auto, json, srt, vtt, jddc, lines or wav)", ErrFormat, format)
	}
	if err != nil {
		return nil, err
	}
	for i := range calls {
		calls[i].Format = format
		if autoID && (calls[i].ID == opt.ID || autoCallID.MatchString(calls[i].ID)) {
			calls[i].AutoID = true
		}
		for j := range calls[i].Turns {
			t := &calls[i].Turns[j]
			if t.Role == "" {
				t.Role = RoleUnknown
			}
		}
	}
	return calls, nil
}

// autoCallID is the name ParseWith gives the n-th call of a transcript without ids.
var autoCallID = regexp.MustCompile(`^call-[0-9]+$`)

// Detect guesses the format of data from its first bytes.
func Detect(data []byte) string {
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WAVE" {
		return FormatWAV
	}
	s := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if bytes.HasPrefix(s, []byte("WEBVTT")) {
		return FormatVTT
	}
	if len(s) > 0 && s[0] == '{' {
		return FormatJSON // invalid JSON then fails as JSON, not as a one-line transcript
	}
	if len(s) > 0 && s[0] == '[' {
		rest := bytes.TrimSpace(s[1:])
		if json.Valid(s) || (len(rest) > 0 && (rest[0] == '{' || rest[0] == ']')) {
			return FormatJSON
		}
	}
	lines := strings.SplitN(string(s), "\n", 4)
	if len(lines) >= 2 && strings.Contains(lines[1], "-->") {
		return FormatSRT
	}
	if len(lines) >= 1 && strings.Count(lines[0], "\t") >= 6 {
		return FormatJDDC
	}
	return FormatLines
}

// ---------- speaker labels ----------

var agentLabels = []string{"agent", "坐席", "客服", "话务员", "座席", "人工客服", "staff", "operator", "service", "csr", "rep", "销售", "顾问", "工作人员"}
var customerLabels = []string{"customer", "客户", "用户", "顾客", "caller", "client", "user", "买家", "来电人", "车主", "机主", "持卡人", "乘客", "住客"}

// labelRole maps a speaker label to a role; unknown labels (0, 1, A, SPEAKER_00) give "".
func labelRole(label string) string {
	l := strings.ToLower(strings.TrimSpace(label))
	if l == "" {
		return ""
	}
	for _, a := range agentLabels {
		if strings.Contains(l, a) {
			return RoleAgent
		}
	}
	for _, c := range customerLabels {
		if strings.Contains(l, c) {
			return RoleCustomer
		}
	}
	return ""
}

// ---------- JSON ----------

type jsonSeg struct {
	Speaker any     `json:"speaker"`
	Spk     any     `json:"spk"`
	Role    string  `json:"role"`
	Channel *int    `json:"channel"`
	Start   *num    `json:"start"`
	End     *num    `json:"end"`
	Begin   *num    `json:"begin"`
	StartMS *num    `json:"start_ms"`
	EndMS   *num    `json:"end_ms"`
	BeginT  *num    `json:"start_time"`
	EndT    *num    `json:"end_time"`
	Text    *string `json:"text"`
	Sent    *string `json:"sentence"`
}

type jsonCall struct {
	ID           any       `json:"id"`
	Key          string    `json:"key"`
	Industry     string    `json:"industry"`
	TimeUnit     string    `json:"time_unit"`
	Segments     []jsonSeg `json:"segments"`
	Turns        []jsonSeg `json:"turns"`
	Utterances   []jsonSeg `json:"utterances"`
	SentenceInfo []jsonSeg `json:"sentence_info"`
	Transferred  bool      `json:"transferred"`
	Repeat       bool      `json:"repeat"`
	Time         string    `json:"time"` // when the call took place
	insights.Dims
}

// num is a JSON number or a numeric string.
type num struct {
	v       float64
	integer bool
}

func (n *num) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("not a number: %s", clip(string(b), 20))
	}
	n.v = v
	n.integer = !strings.ContainsAny(s, ".eE")
	return nil
}

func parseJSON(data []byte, opt ParseOptions) ([]Call, error) {
	s := bytes.TrimSpace(data)
	var calls []jsonCall
	if len(s) > 0 && s[0] == '{' {
		var c jsonCall
		if err := json.Unmarshal(s, &c); err != nil {
			return nil, fmt.Errorf("%w: json: %v", ErrFormat, err)
		}
		if msg := textcheck.BadText(s); msg != "" {
			return nil, fmt.Errorf("%w: json: %s", ErrFormat, msg)
		}
		calls = []jsonCall{c}
	} else {
		// A list of segments, of calls, or of FunASR results.
		var raw []json.RawMessage
		if err := json.Unmarshal(s, &raw); err != nil {
			return nil, fmt.Errorf("%w: json: %v", ErrFormat, err)
		}
		for i, r := range raw {
			if msg := textcheck.BadText(r); msg != "" {
				return nil, fmt.Errorf("%w: json: item %d: %s", ErrFormat, i, msg)
			}
		}
		isCalls := false
		for _, r := range raw {
			var probe map[string]json.RawMessage
			if json.Unmarshal(r, &probe) != nil {
				return nil, fmt.Errorf("%w: json: list items must be objects", ErrFormat)
			}
			for _, k := range []string{"segments", "turns", "utterances", "sentence_info"} {
				if _, ok := probe[k]; ok {
					isCalls = true
				}
			}
		}
		if isCalls {
			for i, r := range raw {
				var c jsonCall
				if err := json.Unmarshal(r, &c); err != nil {
					return nil, fmt.Errorf("%w: json: call %d: %v", ErrFormat, i, err)
				}
				calls = append(calls, c)
			}
		} else {
			var segs []jsonSeg
			if err := json.Unmarshal(s, &segs); err != nil {
				return nil, fmt.Errorf("%w: json segments: %v", ErrFormat, err)
			}
			calls = []jsonCall{{Segments: segs}}
		}
	}
	out := make([]Call, 0, len(calls))
	for i, jc := range calls {
		c, err := jc.toCall(opt, i, len(calls))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (jc jsonCall) toCall(opt ParseOptions, idx, n int) (Call, error) {
	c := Call{Industry: jc.Industry, Transferred: jc.Transferred, Repeat: jc.Repeat, Time: jc.Time, Dims: jc.Dims}
	switch v := jc.ID.(type) {
	case string:
		c.ID = v
	case float64:
		c.ID = strconv.FormatFloat(v, 'f', -1, 64)
	}
	if c.ID == "" {
		c.ID = jc.Key
	}
	if c.ID == "" {
		c.ID = opt.ID
		if n > 1 {
			c.ID = fmt.Sprintf("%s-%d", opt.ID, idx+1)
		}
	}
	segs := jc.SentenceInfo
	if len(segs) == 0 {
		segs = append(append(append(segs, jc.Segments...), jc.Turns...), jc.Utterances...)
	}
	unit := opt.TimeUnit
	if jc.TimeUnit != "" {
		unit = jc.TimeUnit
	}
	// Time unit detection over the whole call.
	allInt, maxV, timed := true, 0.0, false
	for _, sg := range segs {
		for _, p := range []*num{sg.Start, sg.End, sg.Begin, sg.BeginT, sg.EndT} {
			if p != nil {
				timed = true
				allInt = allInt && p.integer
				maxV = math.Max(maxV, p.v)
			}
		}
		if sg.StartMS != nil || sg.EndMS != nil {
			timed = true
		}
	}
	scale := 1.0
	switch strings.ToLower(unit) {
	case "ms", "millisecond", "milliseconds":
		scale = 0.001
	case "s", "sec", "second", "seconds":
	case "", "auto":
		if allInt && maxV >= 1000 {
			scale = 0.001
		}
	default:
		return c, fmt.Errorf("%w: call %s: unknown time_unit %q (want s, ms or auto)", ErrFormat, c.ID, unit)
	}
	for i, sg := range segs {
		t := Turn{}
		switch {
		case sg.Text != nil:
			t.Text = *sg.Text
		case sg.Sent != nil:
			t.Text = *sg.Sent
		default:
			return c, fmt.Errorf("%w: call %s: segment %d has no text", ErrFormat, c.ID, i)
		}
		t.Speaker = labelString(sg.Speaker)
		if t.Speaker == "" {
			t.Speaker = labelString(sg.Spk)
		}
		if sg.Channel != nil {
			t.Channel = *sg.Channel
			if t.Speaker == "" {
				t.Speaker = "ch" + strconv.Itoa(*sg.Channel)
			}
		}
		t.Role = normRole(sg.Role)
		if t.Role == "" {
			t.Role = labelRole(t.Speaker)
		}
		if t.Speaker == "" && sg.Role != "" {
			t.Speaker = sg.Role
		}
		pick := func(ps ...*num) (float64, bool) {
			for _, p := range ps {
				if p != nil {
					return p.v * scale, true
				}
			}
			return 0, false
		}
		st, ok1 := pick(sg.Start, sg.Begin, sg.BeginT)
		en, ok2 := pick(sg.End, sg.EndT)
		if sg.StartMS != nil {
			st, ok1 = sg.StartMS.v/1000, true
		}
		if sg.EndMS != nil {
			en, ok2 = sg.EndMS.v/1000, true
		}
		if timed && (!ok1 || !ok2) {
			return c, fmt.Errorf("%w: call %s: segment %d lacks start or end while others have them", ErrFormat, c.ID, i)
		}
		if en < st || st < 0 {
			return c, fmt.Errorf("%w: call %s: segment %d has start %.3f after end %.3f or a negative time", ErrFormat, c.ID, i, st, en)
		}
		t.Start, t.End = st, en
		c.Turns = append(c.Turns, t)
	}
	c.Timed = timed && len(c.Turns) > 0
	if c.Timed {
		sort.SliceStable(c.Turns, func(i, j int) bool { return c.Turns[i].Start < c.Turns[j].Start })
	}
	return c, nil
}

func labelString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

func normRole(r string) string {
	switch strings.ToLower(strings.TrimSpace(r)) {
	case "":
		return ""
	case "agent", "坐席", "客服", "座席", "staff", "service", "1":
		return RoleAgent
	case "customer", "客户", "用户", "顾客", "user", "caller", "0":
		return RoleCustomer
	}
	return labelRole(r)
}

// ---------- SRT / WebVTT ----------

// parseSubtitles reads SRT or WebVTT cues; a speaker comes from a VTT voice tag
// (<v 坐席>…), a leading "坐席：" / "Speaker 1:" / "[客户]" label, or is left empty.
func parseSubtitles(data []byte, format string, opt ParseOptions) ([]Call, error) {
	c := Call{ID: opt.ID, Timed: true}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	blocks := strings.Split(text, "\n\n")
	for bi, b := range blocks {
		lines := strings.Split(strings.TrimSpace(b), "\n")
		ti := -1
		for i, l := range lines {
			if strings.Contains(l, "-->") {
				ti = i
				break
			}
		}
		if ti < 0 {
			continue // header, NOTE, STYLE or index-only block
		}
		parts := strings.SplitN(lines[ti], "-->", 2)
		st, err1 := parseClock(parts[0])
		en, err2 := parseClock(strings.Fields(parts[1] + " x")[0])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%w: %s cue %d: bad time line %q", ErrFormat, format, bi+1, clip(lines[ti], 60))
		}
		if en < st {
			return nil, fmt.Errorf("%w: %s cue %d: end before start", ErrFormat, format, bi+1)
		}
		body := strings.TrimSpace(strings.Join(lines[ti+1:], " "))
		if body == "" {
			continue
		}
		speaker := ""
		if strings.HasPrefix(body, "<v") {
			if j := strings.IndexByte(body, '>'); j > 0 {
				speaker = strings.TrimSpace(strings.TrimPrefix(body[2:j], "."))
				if k := strings.IndexByte(speaker, ' '); k >= 0 && strings.HasPrefix(body, "<v.") {
					speaker = strings.TrimSpace(speaker[k:])
				}
				body = strings.TrimSpace(strings.ReplaceAll(body[j+1:], "</v>", ""))
			}
		}
		if speaker == "" {
			speaker, body = splitLabel(body)
		}
		body = stripTags(body)
		c.Turns = append(c.Turns, Turn{Speaker: speaker, Role: labelRole(speaker), Start: st, End: en, Text: body})
	}
	if len(c.Turns) == 0 {
		return nil, fmt.Errorf("%w: %s has no cues", ErrFormat, format)
	}
	sort.SliceStable(c.Turns, func(i, j int) bool { return c.Turns[i].Start < c.Turns[j].Start })
	return []Call{c}, nil
}

func stripTags(s string) string {
	if !strings.ContainsRune(s, '<') {
		return s
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// parseClock reads [hh:]mm:ss[.,]fff or plain seconds.
func parseClock(s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, errors.New("empty time")
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	total := 0.0
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, fmt.Errorf("bad time %q", s)
		}
		if i < len(parts)-1 && strings.Contains(p, ".") {
			return 0, fmt.Errorf("bad time %q", s)
		}
		total = total*60 + v
	}
	return total, nil
}

// splitLabel splits "坐席：你好" / "Speaker 1: hi" / "[客户] 喂" into label and text.
func splitLabel(s string) (string, string) {
	s = strings.TrimSpace(s)
	for _, br := range [][2]string{{"[", "]"}, {"【", "】"}} {
		if strings.HasPrefix(s, br[0]) {
			if j := strings.Index(s, br[1]); j > 0 && j <= 40 {
				return strings.TrimSpace(s[len(br[0]):j]), strings.TrimSpace(s[j+len(br[1]):])
			}
		}
	}
	for _, sep := range []string{"：", ":"} {
		if j := strings.Index(s, sep); j > 0 && utf8.RuneCountInString(s[:j]) <= 12 {
			label := strings.TrimSpace(s[:j])
			if label != "" && !strings.ContainsAny(label, "，。,.!?！？") && !isClockish(label) {
				return label, strings.TrimSpace(s[j+len(sep):])
			}
		}
	}
	return "", s
}

func isClockish(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// ---------- JDDC chat log ----------

// parseJDDC reads the JDDC TSV (session, user, role 0 customer/1 agent, transfer, repeat,
// sku, text); consecutive rows of one session form one untimed call.
func parseJDDC(data []byte) ([]Call, error) {
	var calls []Call
	idx := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	ln := 0
	for sc.Scan() {
		ln++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.SplitN(line, "\t", 7)
		if len(f) < 7 {
			return nil, fmt.Errorf("%w: jddc line %d: want 7 tab-separated fields, got %d", ErrFormat, ln, len(f))
		}
		role := RoleUnknown
		switch f[2] {
		case "0":
			role = RoleCustomer
		case "1":
			role = RoleAgent
		default:
			return nil, fmt.Errorf("%w: jddc line %d: role %q is not 0 or 1", ErrFormat, ln, clip(f[2], 10))
		}
		i, ok := idx[f[0]]
		if !ok {
			i = len(calls)
			idx[f[0]] = i
			calls = append(calls, Call{ID: f[0]})
		}
		c := &calls[i]
		c.Transferred = c.Transferred || f[3] == "1"
		c.Repeat = c.Repeat || f[4] == "1"
		speaker := f[1]
		if role == RoleAgent {
			speaker = "agent"
		}
		c.Turns = append(c.Turns, Turn{Speaker: speaker, Role: role, Text: strings.TrimSpace(f[6])})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: jddc: %v", ErrFormat, err)
	}
	if len(calls) == 0 {
		return nil, fmt.Errorf("%w: jddc input has no rows", ErrFormat)
	}
	return calls, nil
}

// ---------- 坐席：/客户： lines ----------

// parseLines reads one turn per line, "label：text", optionally preceded by a time span
// "[00:01.2-00:03.5]" or "[00:01.2]". Lines without a label continue the previous turn.
// A line "### id" starts a new call.
func parseLines(data []byte, opt ParseOptions) ([]Call, error) {
	var calls []Call
	cur := Call{ID: opt.ID}
	timedAll, any := true, false
	flush := func() {
		if len(cur.Turns) > 0 {
			cur.Timed = timedAll && any
			calls = append(calls, cur)
		}
		timedAll, any = true, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "###") {
			flush()
			cur = Call{ID: strings.TrimSpace(strings.TrimLeft(line, "#"))}
			if cur.ID == "" {
				cur.ID = fmt.Sprintf("%s-%d", opt.ID, len(calls)+1)
			}
			continue
		}
		st, en, timed := 0.0, 0.0, false
		if strings.HasPrefix(line, "[") {
			if j := strings.IndexByte(line, ']'); j > 0 {
				span := line[1:j]
				a, b, two := strings.Cut(span, "-")
				if !two {
					a, b, two = strings.Cut(span, "~")
				}
				if s1, err := parseClock(a); err == nil {
					st, en, timed = s1, s1, true
					if two {
						if s2, err := parseClock(b); err == nil && s2 >= s1 {
							en = s2
						} else {
							timed = false
						}
					}
					if timed {
						line = strings.TrimSpace(line[j+1:])
					}
				}
			}
		}
		label, text := splitLabel(line)
		if label == "" {
			if n := len(cur.Turns); n > 0 && !timed {
				cur.Turns[n-1].Text += text
				continue
			}
		}
		any = true
		timedAll = timedAll && timed
		cur.Turns = append(cur.Turns, Turn{Speaker: label, Role: labelRole(label), Start: st, End: en, Text: text})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: lines: %v", ErrFormat, err)
	}
	flush()
	if len(calls) == 0 {
		return nil, fmt.Errorf("%w: no turns found (want lines like 坐席：您好)", ErrFormat)
	}
	return calls, nil
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
