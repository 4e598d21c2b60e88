package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/calls"
	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
)

// CallOptions enable POST /v1/transcripts/analyze (Options.Calls). Zero values take the
// documented defaults.
type CallOptions struct {
	// Options tune the call analysis (silence, overtalk, VAD model …).
	calls.Options
	// MaxCalls bounds the calls of one request (default 100; 413 too_many_calls beyond).
	MaxCalls int
	// MaxRunes bounds the characters of all turns of one request (default 200,000, about
	// ten hours of speech); beyond it the request is answered 413 transcript_too_large
	// before any analysis.
	MaxRunes int
	// MaxResponseBytes bounds the JSON answer (default 16 MiB); beyond it the request is
	// answered 413 response_too_large (send fewer or shorter calls per request).
	MaxResponseBytes int
}

func (o CallOptions) withDefaults() CallOptions {
	if o.MaxCalls <= 0 {
		o.MaxCalls = 100
	}
	if o.MaxRunes <= 0 {
		o.MaxRunes = 200_000
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = 16 << 20
	}
	return o
}

// callsHandler serves POST /v1/transcripts/analyze. The body is a transcript in any format
// calls.Parse reads (JSON, SRT, WebVTT, JDDC TSV, 坐席：/客户： lines, or a WAV file);
// query parameters: format (default auto), industry, agent_channel (0|1), time_unit
// (s|ms|auto), id, and for calls that carry none: time (when the calls took place),
// channel, brand, product, store, region, segment, tag (repeatable). The turns go through
// the admission queue within the request's deadline, as /v1/analyze's texts do (429, 504).
// The response is {"calls": [CallResult …]}.
func (s *Server) callsHandler() fasthttp.RequestHandler {
	if s.opt.Calls == nil {
		return notImplemented("transcript analysis")
	}
	opt := s.opt.Calls.withDefaults()
	a, aerr := calls.NewAnalyzer(s.eng, opt.Options)
	return func(ctx *fasthttp.RequestCtx) {
		if aerr != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, aerr.Error())
			return
		}
		rctx, cancel, ok := s.requestContext(ctx)
		if !ok {
			return
		}
		defer cancel()
		args := ctx.QueryArgs()
		popt := calls.ParseOptions{TimeUnit: string(args.Peek("time_unit")), ID: string(args.Peek("id"))}
		if ch := args.Peek("agent_channel"); len(ch) > 0 {
			v, err := strconv.Atoi(string(ch))
			if err != nil || (v != 0 && v != 1) {
				writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, "agent_channel must be 0 (left) or 1 (right)")
				return
			}
			popt.AgentChannel = v
		}
		body := append([]byte(nil), ctx.PostBody()...) // the request buffer is reused after return
		if len(body) == 0 {
			writeError(ctx, fasthttp.StatusBadRequest, "empty_body", "the body must hold a transcript or a WAV file")
			return
		}
		cs, err := calls.ParseWith(bytes.NewReader(body), string(args.Peek("format")), popt)
		if err != nil {
			code, status := codeInternal, fasthttp.StatusInternalServerError
			if errors.Is(err, calls.ErrFormat) {
				code, status = "bad_transcript", fasthttp.StatusBadRequest
			}
			writeError(ctx, status, code, err.Error())
			return
		}
		if len(cs) > opt.MaxCalls {
			writeError(ctx, fasthttp.StatusRequestEntityTooLarge, "too_many_calls", fmt.Sprintf("%d calls in one request; at most %d", len(cs), opt.MaxCalls))
			return
		}
		if n := transcriptRunes(cs); n > opt.MaxRunes {
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
		out := make([]calls.CallResult, 0, len(cs))
		for _, c := range cs {
			if c.Industry == "" {
				c.Industry = industry
			}
			if c.Time == "" {
				c.Time = when
			}
			c.Dims = calls.MergeDims(c.Dims, dims)
			r, err := a.AnalyzeWith(rctx, c, s.b.analyze)
			var re *engine.RecordError
			if errors.As(err, &re) {
				writeError(ctx, fasthttp.StatusBadRequest, string(re.Code), re.Message)
				return
			}
			if err != nil {
				if !s.runFailed(ctx, err) {
					writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
				}
				return
			}
			out = append(out, r)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]any{"calls": out}); err != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
			return
		}
		if buf.Len() > opt.MaxResponseBytes {
			writeError(ctx, fasthttp.StatusRequestEntityTooLarge, "response_too_large", fmt.Sprintf("the analysis of %d calls is %d bytes of JSON; at most %d per response (send fewer or shorter calls per request)", len(out), buf.Len(), opt.MaxResponseBytes))
			return
		}
		ctx.SetContentType("application/json; charset=utf-8")
		ctx.SetBody(buf.Bytes())
		turns := 0
		for _, c := range cs {
			turns += len(c.Turns)
		}
		s.m.transcriptsDone(len(cs), turns)
	}
}

// transcriptRunes is the characters of all turns of cs.
func transcriptRunes(cs []calls.Call) int {
	n := 0
	for _, c := range cs {
		for _, t := range c.Turns {
			n += utf8.RuneCountInString(t.Text)
		}
	}
	return n
}
