package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tingzhen/tingzhen/recorderr"
	"strconv"
	"unicode/utf8"

	"github.com/prometheus/common/expfmt"
	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/textcheck"
)

func (s *Server) healthz(ctx *fasthttp.RequestCtx) {
	writeJSON(ctx, fasthttp.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(ctx *fasthttp.RequestCtx) {
	if s.draining.Load() {
		writeError(ctx, fasthttp.StatusServiceUnavailable, codeUnavailable, "shutting down")
		return
	}
	st := s.eng.KG()
	if st == nil || st.Graph() == nil {
		writeError(ctx, fasthttp.StatusServiceUnavailable, codeUnavailable, "knowledge graph not open")
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{
		"status":     "ready",
		"versions":   s.eng.Versions(),
		"industries": len(st.Graph().Industries()),
		"batching":   !s.opt.DisableBatching,
	})
}

func (s *Server) openapi(ctx *fasthttp.RequestCtx) {
	ctx.SetContentType("application/json; charset=utf-8")
	ctx.SetBody(openapiJSON)
}

func (s *Server) metrics(ctx *fasthttp.RequestCtx) {
	mfs, err := s.m.reg.Gather()
	if err != nil {
		s.log.Error("gather metrics", "err", err)
	}
	var buf bytes.Buffer
	format := expfmt.NewFormat(expfmt.TypeTextPlain)
	enc := expfmt.NewEncoder(&buf, format)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, "encode metrics: "+err.Error())
			return
		}
	}
	ctx.SetContentType(string(format))
	ctx.SetBody(buf.Bytes())
}

// decodeBody checks the body is non-empty UTF-8 without lone surrogate escapes
// (textcheck.BadText) and decodes it into v (unknown fields are ignored). It answers 400
// itself and reports false when it fails.
func decodeBody(ctx *fasthttp.RequestCtx, v any) bool {
	body := ctx.PostBody()
	if len(bytes.TrimSpace(body)) == 0 {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadJSON, "empty request body: send a JSON object")
		return false
	}
	if !utf8.Valid(body) {
		writeError(ctx, fasthttp.StatusBadRequest, codeInvalidUTF8, "request body: "+textcheck.BadText(body))
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadJSON, "invalid JSON: "+err.Error())
		return false
	}
	if msg := textcheck.BadText(body); msg != "" { // a lone surrogate escape, only once the JSON parsed
		writeError(ctx, fasthttp.StatusBadRequest, codeInvalidUTF8, "request body: "+msg)
		return false
	}
	return true
}

// textRequest is the body of analyze and sentiment: one text or a batch of items.
type textRequest struct {
	ID   string  `json:"id"`
	Text *string `json:"text"`
	// Industry: the one text's industry, or with items the industry of every item naming none.
	Industry string            `json:"industry"`
	Items    []json.RawMessage `json:"items"` // engine.Input each, checked one by one
	// The event time, dims and role of the one text (items carry their own).
	Time string `json:"time"`
	insights.Dims
	Role    string   `json:"role"`
	Aspects []string `json:"aspects"`
	// IndustryMode (analyze): record (default) or dominant, over a batch's items (industry.go).
	IndustryMode string `json:"industry_mode"`
}

// textBatch is a parsed analyze or sentiment request: the inputs to run, and the items
// refused one by one (invalid UTF-8, a lone surrogate escape) with their error, which
// take their place in the answer.
type textBatch struct {
	inputs []engine.Input
	bad    map[int]*engine.RecordError
	batch  bool // items were sent
	// industryMode is the request's industry_mode as sent (analyze checks it).
	industryMode string
}

// parseTexts reads a textRequest and checks its limits. Text that cannot be decoded
// without loss (textcheck.BadText) is refused: a batch item alone (a per-item error in the
// answer), a single text with 400 invalid_utf8.
func (s *Server) parseTexts(ctx *fasthttp.RequestCtx) (tb textBatch, ok bool) {
	body := ctx.PostBody()
	if len(bytes.TrimSpace(body)) == 0 {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadJSON, "empty request body: send a JSON object")
		return tb, false
	}
	var req textRequest
	if err := json.Unmarshal(body, &req); err != nil {
		if !utf8.Valid(body) {
			writeError(ctx, fasthttp.StatusBadRequest, codeInvalidUTF8, "request body: "+textcheck.BadText(body))
			return tb, false
		}
		writeError(ctx, fasthttp.StatusBadRequest, codeBadJSON, "invalid JSON: "+err.Error())
		return tb, false
	}
	tb.industryMode = req.IndustryMode
	switch {
	case req.Items != nil:
		tb.batch = true
		if len(req.Items) == 0 {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, `"items" is empty: send at least one {"id","text"}`)
			return tb, false
		}
		if len(req.Items) > s.opt.MaxItems {
			writeError(ctx, fasthttp.StatusBadRequest, codeTooManyItems, fmt.Sprintf("%d items: at most %d per request", len(req.Items), s.opt.MaxItems))
			return tb, false
		}
		tb.inputs = make([]engine.Input, len(req.Items))
		badText := false // an item refused by textcheck: the body then holds bad text
		for i, raw := range req.Items {
			if msg := textcheck.BadText(raw); msg != "" {
				badText = true
				var id struct {
					ID string `json:"id"`
				}
				_ = json.Unmarshal(raw, &id) // best effort: the id as far as it decodes
				tb.inputs[i].ID = id.ID
				if tb.bad == nil {
					tb.bad = map[int]*engine.RecordError{}
				}
				tb.bad[i] = &engine.RecordError{Code: recorderr.InvalidUTF8, Message: fmt.Sprintf("items[%d]: %s", i, msg)}
				continue
			}
			if err := json.Unmarshal(raw, &tb.inputs[i]); err != nil {
				if e := badAspects(raw, i); e != nil { // as analyze JSONL and jobs: that item's error
					tb.inputs[i] = engine.Input{ID: e.id}
					if tb.bad == nil {
						tb.bad = map[int]*engine.RecordError{}
					}
					tb.bad[i] = e.err
					continue
				}
				writeError(ctx, fasthttp.StatusBadRequest, codeBadJSON, fmt.Sprintf("items[%d]: %v", i, err))
				return tb, false
			}
		}
		if req.Industry != "" { // the batch's industry, as a job's: for the items naming none
			for i := range tb.inputs {
				if tb.inputs[i].Industry == "" {
					tb.inputs[i].Industry = req.Industry
				}
			}
		}
		if !badText {
			if msg := textcheck.BadText(body); msg != "" { // outside the items
				writeError(ctx, fasthttp.StatusBadRequest, codeInvalidUTF8, "request body: "+msg)
				return tb, false
			}
		}
	case req.Text != nil:
		if msg := textcheck.BadText(body); msg != "" {
			writeError(ctx, fasthttp.StatusBadRequest, codeInvalidUTF8, "request body: "+msg)
			return tb, false
		}
		tb.inputs = []engine.Input{{ID: req.ID, Text: *req.Text, Industry: req.Industry, Time: req.Time, Dims: req.Dims, Role: req.Role, Aspects: req.Aspects}}
	default:
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, `missing "text" (one text) or "items" (a batch)`)
		return tb, false
	}
	total := 0
	for i, in := range tb.inputs {
		total += len(in.Text)
		if n := utf8.RuneCountInString(in.Text); n > s.opt.MaxTextRunes {
			where := "text"
			if tb.batch {
				where = fmt.Sprintf("items[%d] (id %q)", i, in.ID)
			}
			writeError(ctx, fasthttp.StatusBadRequest, codeTextTooLong, fmt.Sprintf("%s is %d characters long; the limit is %d (split longer documents)", where, n, s.opt.MaxTextRunes))
			return tb, false
		}
	}
	if total > s.opt.MaxBatchBytes {
		writeError(ctx, fasthttp.StatusRequestEntityTooLarge, codeBatchTooLarge, fmt.Sprintf("texts total %d bytes; the limit per request is %d", total, s.opt.MaxBatchBytes))
		return tb, false
	}
	return tb, true
}

// itemError is a batch item refused alone: its id (as far as it decodes) and its error.
type itemError struct {
	id  string
	err *engine.RecordError
}

// badAspects reports batch item i (raw, JSON that did not decode into an engine.Input)
// whose "aspects" is present but not an array of strings (null is none): that item's error
// bad_aspects, as `tingzhen analyze` JSONL and jobs (jobs/input) make it. It returns nil when
// the item failed for another reason, which stays a request error.
func badAspects(raw json.RawMessage, i int) *itemError {
	var probe struct {
		ID      json.RawMessage `json:"id"`
		Aspects json.RawMessage `json:"aspects"`
	}
	if json.Unmarshal(raw, &probe) != nil {
		return nil
	}
	if _, ok := input.AspectsJSON(probe.Aspects); ok {
		return nil
	}
	var id string
	_ = json.Unmarshal(probe.ID, &id) // best effort, as for text that is refused
	a := []rune(string(probe.Aspects))
	if len(a) > 60 {
		a = append(a[:57:57], []rune("...")...)
	}
	return &itemError{id: id, err: &engine.RecordError{Code: recorderr.BadAspects, Message: fmt.Sprintf("items[%d]: aspects is not an array of strings: %s", i, string(a))}}
}

// run analyses the batch's good inputs (runTexts; admitted as batcher.analyzeAdmitted's,
// given the good inputs) and returns one result per item, the refused items' errors in
// their places.
func (s *Server) run(ctx *fasthttp.RequestCtx, tb textBatch, admitted func([]engine.Input)) ([]engine.Result, bool) {
	if len(tb.bad) == 0 {
		return s.runTexts(ctx, tb.inputs, admitted)
	}
	good := make([]engine.Input, 0, len(tb.inputs)-len(tb.bad))
	for i, in := range tb.inputs {
		if tb.bad[i] == nil {
			good = append(good, in)
		}
	}
	var res []engine.Result
	if len(good) > 0 {
		var ok bool
		if res, ok = s.runTexts(ctx, good, admitted); !ok {
			return nil, false
		}
	}
	out := make([]engine.Result, len(tb.inputs))
	k := 0
	for i, in := range tb.inputs {
		if e := tb.bad[i]; e != nil {
			out[i] = engine.Result{ID: in.ID, Error: e}
			continue
		}
		out[i] = res[k]
		k++
	}
	return out, true
}

// runTexts analyses inputs within the request's deadline; on failure it answers the
// error (400, 429, 503, 504 or 500) itself and reports false.
func (s *Server) runTexts(ctx *fasthttp.RequestCtx, inputs []engine.Input, admitted func([]engine.Input)) ([]engine.Result, bool) {
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return nil, false
	}
	defer cancel()
	res, err := s.b.analyzeAdmitted(rctx, inputs, admitted)
	if err == nil {
		return res, true
	}
	if !s.runFailed(ctx, err) {
		s.log.Error("analyze failed", "err", err, "texts", len(inputs), "request_id", requestID(ctx))
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, "analysis failed: "+err.Error())
	}
	return nil, false
}

// runFailed answers an error of the admission queue (429 with Retry-After, 503 while
// shutting down, 504 past the deadline) and reports whether err was one.
func (s *Server) runFailed(ctx *fasthttp.RequestCtx, err error) bool {
	var ae *admitError
	switch {
	case errors.As(err, &ae):
		s.m.reject(ae.reason)
		ctx.Response.Header.Set("Retry-After", strconv.Itoa(ae.retryAfter))
		writeError(ctx, fasthttp.StatusTooManyRequests, codeOverloaded, ae.msg)
	case errors.Is(err, errClosed):
		writeError(ctx, fasthttp.StatusServiceUnavailable, codeUnavailable, "server is shutting down")
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		writeError(ctx, fasthttp.StatusGatewayTimeout, codeTimeout, "request deadline passed before the analysis finished; the work was dropped (raise X-Request-Timeout or retry)")
	default:
		return false
	}
	return true
}

func (s *Server) analyze(ctx *fasthttp.RequestCtx) {
	tb, ok := s.parseTexts(ctx)
	if !ok {
		return
	}
	mode, err := s.parseIndustryMode(tb.industryMode) // industry.go
	if err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, "industry_mode: "+err.Error())
		return
	}
	dominant := mode == mention.IndustryModeDominant && tb.batch
	var choice *jobs.IndustryChoice
	var admitted func([]engine.Input)
	if dominant { // behind admission: a refused request does not vote (industry.go)
		admitted = func(good []engine.Input) { choice = s.dominantIndustry(good) }
	}
	res, ok := s.run(ctx, tb, admitted)
	if !ok {
		return
	}
	if dominant && choice == nil { // no good item: nothing voted
		choice = s.dominantIndustry(nil)
	}
	if tb.batch {
		if choice != nil {
			writeJSON(ctx, fasthttp.StatusOK, map[string]any{"items": res, "industry_choice": choice})
			return
		}
		writeJSON(ctx, fasthttp.StatusOK, map[string]any{"items": res})
		return
	}
	status := fasthttp.StatusOK
	if res[0].Error != nil {
		status = fasthttp.StatusBadRequest
	}
	writeJSON(ctx, status, res[0])
}

// sentimentResult is the sentiment stage of a Result.
type sentimentResult struct {
	ID        string              `json:"id"`
	Sentiment *engine.Sentiment   `json:"sentiment,omitempty"`
	Sentences []engine.Sentence   `json:"sentences,omitempty"`
	Error     *engine.RecordError `json:"error,omitempty"`
}

func (s *Server) sentiment(ctx *fasthttp.RequestCtx) {
	tb, ok := s.parseTexts(ctx)
	if !ok {
		return
	}
	for i := range tb.inputs {
		tb.inputs[i].SentimentOnly = true // the aspect and category models are not needed here
	}
	res, ok := s.run(ctx, tb, nil)
	if !ok {
		return
	}
	out := make([]sentimentResult, len(res))
	for i, r := range res {
		out[i] = sentimentResult{ID: r.ID, Sentiment: r.Sentiment, Sentences: r.Sentences, Error: r.Error}
	}
	if tb.batch {
		writeJSON(ctx, fasthttp.StatusOK, map[string]any{"items": out})
		return
	}
	status := fasthttp.StatusOK
	if out[0].Error != nil {
		status = fasthttp.StatusBadRequest
	}
	writeJSON(ctx, status, out[0])
}

func (s *Server) segment(ctx *fasthttp.RequestCtx) {
	var req struct {
		Text *string `json:"text"`
	}
	if !decodeBody(ctx, &req) {
		return
	}
	if req.Text == nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, `missing "text"`)
		return
	}
	if n := utf8.RuneCountInString(*req.Text); n > s.opt.MaxTextRunes {
		writeError(ctx, fasthttp.StatusBadRequest, codeTextTooLong, fmt.Sprintf("text is %d characters long; the limit is %d", n, s.opt.MaxTextRunes))
		return
	}
	words, err := s.eng.Segment(*req.Text)
	if err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"words": words})
}
