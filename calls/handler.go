package calls

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/valyala/fasthttp"
)

// HandlerOptions tunes the HTTP handler.
type HandlerOptions struct {
	Options
	// MaxCalls bounds the calls of one request (default 100).
	MaxCalls int
	// MaxRunes bounds the characters of all turns of one request (default 200,000, about
	// ten hours of speech); beyond it the request is answered 413 transcript_too_large
	// before any analysis.
	MaxRunes int
	// MaxResponseBytes bounds the JSON answer (default 16 MiB); beyond it the request is
	// answered 413 response_too_large (send fewer or shorter calls per request).
	MaxResponseBytes int
	// Timeout bounds the analysis of one request (default 60 s) when no server in front
	// lends its own deadline (Admission).
	Timeout time.Duration
}

// Admission is what a server in front of Handler lends each request, as the request's
// user value AdmissionKey: the request's context (its deadline), Run, which takes texts
// through the server's admission queue (cost admission, micro-batching) instead of
// calling the engine directly, Fail, which answers an error Run returned (429 with
// Retry-After, 503, 504) and reports whether it did, and Done (optional), told the calls
// and turns of a request answered 200 (the server's metrics). Without it the handler calls
// the engine itself within Timeout.
type Admission struct {
	Context context.Context
	Run     func(ctx context.Context, inputs []engine.Input) ([]engine.Result, error)
	Fail    func(ctx *fasthttp.RequestCtx, err error) bool
	Done    func(calls, turns int)
}

// AdmissionKey is the user value of a request holding its *Admission.
const AdmissionKey = "tingzhen.transcript.admission"

type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeError(ctx *fasthttp.RequestCtx, status int, code, msg string) {
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json; charset=utf-8")
	b, _ := json.Marshal(apiError{apiErrorBody{code, msg}})
	ctx.SetBody(b)
}

// Handler serves POST /v1/transcripts/analyze. The body is a transcript in any format
// Parse reads (JSON, SRT, WebVTT, JDDC TSV, 坐席：/客户： lines, or a WAV file);
// query parameters: format (default auto), industry, agent_channel (0|1), time_unit (s|ms|auto),
// and for calls that carry none: time (when the calls took place), channel, brand, product,
// store, region, segment, tag (repeatable).
// The response is {"calls": [CallResult …]}; errors are {"error": {"code", "message"}}.
func Handler(e Engine, opt HandlerOptions) fasthttp.RequestHandler {
	if opt.MaxCalls <= 0 {
		opt.MaxCalls = 100
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 60 * time.Second
	}
	if opt.MaxRunes <= 0 {
		opt.MaxRunes = 200_000
	}
	if opt.MaxResponseBytes <= 0 {
		opt.MaxResponseBytes = 16 << 20
	}
	a, aerr := NewAnalyzer(e, opt.Options)
	return func(ctx *fasthttp.RequestCtx) {
		if aerr != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, "internal", aerr.Error())
			return
		}
		if !ctx.IsPost() {
			ctx.Response.Header.Set("Allow", "POST")
			writeError(ctx, fasthttp.StatusMethodNotAllowed, "method_not_allowed", "use POST with the transcript as the body")
			return
		}
		args := ctx.QueryArgs()
		popt := ParseOptions{TimeUnit: string(args.Peek("time_unit")), ID: string(args.Peek("id"))}
		if ch := args.Peek("agent_channel"); len(ch) > 0 {
			v, err := strconv.Atoi(string(ch))
			if err != nil || (v != 0 && v != 1) {
				writeError(ctx, fasthttp.StatusBadRequest, "bad_request", "agent_channel must be 0 (left) or 1 (right)")
				return
			}
			popt.AgentChannel = v
		}
		body := append([]byte(nil), ctx.PostBody()...) // the request buffer is reused after return
		if len(body) == 0 {
			writeError(ctx, fasthttp.StatusBadRequest, "empty_body", "the body must hold a transcript or a WAV file")
			return
		}
		calls, err := ParseWith(bytes.NewReader(body), string(args.Peek("format")), popt)
		if err != nil {
			code := "internal"
			status := fasthttp.StatusInternalServerError
			if errors.Is(err, ErrFormat) {
				code, status = "bad_transcript", fasthttp.StatusBadRequest
			}
			writeError(ctx, status, code, err.Error())
			return
		}
		if len(calls) > opt.MaxCalls {
			writeError(ctx, fasthttp.StatusRequestEntityTooLarge, "too_many_calls", fmt.Sprintf("%d calls in one request; at most %d", len(calls), opt.MaxCalls))
			return
		}
		if n := transcriptRunes(calls); n > opt.MaxRunes {
			writeError(ctx, fasthttp.StatusRequestEntityTooLarge, "transcript_too_large", fmt.Sprintf("the turns hold %d characters; at most %d per request (split the transcript)", n, opt.MaxRunes))
			return
		}
		industry := string(args.Peek("industry"))
		when := string(args.Peek("time"))
		dims := insights.Dims{Channel: string(args.Peek("channel")), Brand: string(args.Peek("brand")), Product: string(args.Peek("product")),
			Store: string(args.Peek("store")), Region: string(args.Peek("region")), Segment: string(args.Peek("segment"))}
		for _, t := range args.PeekMulti("tag") {
			dims.Tags = append(dims.Tags, string(t))
		}
		// fasthttp's RequestCtx is not cancelled on client disconnect; bound the work instead.
		run := a.e.Analyze
		timeout := opt.Timeout.String()
		actx, cancel := context.WithTimeout(context.Background(), opt.Timeout)
		defer cancel()
		adm, _ := ctx.UserValue(AdmissionKey).(*Admission)
		if adm != nil {
			actx, run = adm.Context, adm.Run
			timeout = "the request's deadline"
		}
		out := make([]CallResult, 0, len(calls))
		for _, c := range calls {
			if c.Industry == "" {
				c.Industry = industry
			}
			if c.Time == "" {
				c.Time = when
			}
			c.Dims = MergeDims(c.Dims, dims)
			r, err := a.AnalyzeWith(actx, c, run)
			var re *engine.RecordError
			if errors.As(err, &re) {
				writeError(ctx, fasthttp.StatusBadRequest, string(re.Code), re.Message)
				return
			}
			if err != nil {
				if adm != nil && adm.Fail != nil && adm.Fail(ctx, err) {
					return
				}
				if errors.Is(err, context.DeadlineExceeded) {
					writeError(ctx, fasthttp.StatusServiceUnavailable, "timeout", fmt.Sprintf("analysis took longer than %s", timeout))
					return
				}
				writeError(ctx, fasthttp.StatusInternalServerError, "internal", err.Error())
				return
			}
			out = append(out, r)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]any{"calls": out}); err != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, "internal", err.Error())
			return
		}
		if buf.Len() > opt.MaxResponseBytes {
			writeError(ctx, fasthttp.StatusRequestEntityTooLarge, "response_too_large", fmt.Sprintf("the analysis of %d calls is %d bytes of JSON; at most %d per response (send fewer or shorter calls per request)", len(out), buf.Len(), opt.MaxResponseBytes))
			return
		}
		ctx.SetContentType("application/json; charset=utf-8")
		ctx.SetBody(buf.Bytes())
		if adm != nil && adm.Done != nil {
			turns := 0
			for _, c := range calls {
				turns += len(c.Turns)
			}
			adm.Done(len(calls), turns)
		}
	}
}

// transcriptRunes is the characters of all turns of calls.
func transcriptRunes(calls []Call) int {
	n := 0
	for _, c := range calls {
		for _, t := range c.Turns {
			n += utf8.RuneCountInString(t.Text)
		}
	}
	return n
}

// MergeDims fills d's empty fields from def.
func MergeDims(d, def insights.Dims) insights.Dims {
	for _, p := range [][2]*string{{&d.Channel, &def.Channel}, {&d.Brand, &def.Brand}, {&d.Product, &def.Product}, {&d.Store, &def.Store}, {&d.Region, &def.Region}, {&d.Segment, &def.Segment}} {
		if *p[0] == "" {
			*p[0] = *p[1]
		}
	}
	if len(d.Tags) == 0 {
		d.Tags = def.Tags
	}
	return d
}
