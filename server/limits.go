package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/valyala/fasthttp"
)

// Request bodies are streamed (fasthttp.Server.StreamRequestBody): fasthttp reads the
// request line and headers, and at most 8 KiB of the body, before the handler runs. The
// handler routes and authenticates first, then checks the route's body limit against
// Content-Length, then reserves the body's bytes in a budget shared by every request in
// flight, and only then reads the body. A request without a valid key, or one over its
// route's limit, is answered without its body being read (fasthttp drains at most 256 KiB
// of an unread body, then closes the connection); a chunked body is counted as it streams.

// bodyChunk is how much of a chunked body is reserved and read at a time.
const bodyChunk = 64 << 10

// byteBudget bounds the request-body bytes held in memory at once across all requests.
type byteBudget struct {
	mu       sync.Mutex
	used     int64
	capacity int64
}

// acquire reserves n bytes, reporting false (and reserving nothing) when they do not fit.
func (b *byteBudget) acquire(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.capacity {
		return false
	}
	b.used += n
	return true
}

func (b *byteBudget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
}

func (b *byteBudget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// errBudget means the in-flight body budget could not take more bytes.
var errBudget = errors.New("in-flight body budget exhausted")

// errTooLarge means a chunked body grew past its route's limit.
var errTooLarge = errors.New("body too large")

// readBody reads the request body for route rt once the request has been authorized:
// 413 when Content-Length (or, chunked, the bytes read so far) exceeds the route's limit,
// 503 with Retry-After when the in-flight body budget is exhausted. It answers those
// itself and reports false; otherwise the body is in ctx.Request and the caller releases
// the returned number of budget bytes once the handler has returned.
func (s *Server) readBody(ctx *fasthttp.RequestCtx, rt *route) (reserved int64, ok bool) {
	limit := s.bodyLimit(rt)
	cl := ctx.Request.Header.ContentLength()
	if cl > limit {
		ctx.SetConnectionClose() // the body stays unread
		s.m.reject("body_too_large")
		writeError(ctx, fasthttp.StatusRequestEntityTooLarge, codeBodyTooLarge, fmt.Sprintf("request body of %d bytes is larger than %d bytes, the limit of %s", cl, limit, rt.path))
		return 0, false
	}
	stream := ctx.Request.BodyStream()
	if stream == nil { // not served by our fasthttp.Server (Handler called directly): the body is in memory
		if n := len(ctx.Request.Body()); n > limit {
			s.m.reject("body_too_large")
			writeError(ctx, fasthttp.StatusRequestEntityTooLarge, codeBodyTooLarge, fmt.Sprintf("request body of %d bytes is larger than %d bytes, the limit of %s", n, limit, rt.path))
			return 0, false
		}
		return 0, true
	}
	if cl == 0 || cl == -2 { // no body
		return 0, true
	}
	var buf []byte
	var err error
	if cl > 0 {
		if !s.bodies.acquire(int64(cl)) {
			err = errBudget
		} else {
			reserved = int64(cl)
			buf = make([]byte, cl)
			if _, rerr := io.ReadFull(stream, buf); rerr != nil {
				err = fmt.Errorf("read body: %w", rerr)
			}
		}
	} else { // chunked: reserve as it streams
		chunk := make([]byte, bodyChunk)
		for {
			if !s.bodies.acquire(bodyChunk) {
				err = errBudget
				break
			}
			reserved += bodyChunk
			n, rerr := io.ReadFull(stream, chunk)
			buf = append(buf, chunk[:n]...)
			if len(buf) > limit {
				err = errTooLarge
				break
			}
			if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
				break
			}
			if rerr != nil {
				err = fmt.Errorf("read body: %w", rerr)
				break
			}
		}
		// keep only what the body holds reserved
		if err == nil && int64(len(buf)) < reserved {
			s.bodies.release(reserved - int64(len(buf)))
			reserved = int64(len(buf))
		}
	}
	if err != nil {
		s.bodies.release(reserved)
		ctx.SetConnectionClose()
		switch {
		case errors.Is(err, errBudget):
			s.m.reject("body_budget")
			ctx.Response.Header.Set("Retry-After", strconv.Itoa(1))
			writeError(ctx, fasthttp.StatusServiceUnavailable, codeOverloaded, fmt.Sprintf("server busy: request bodies in flight hold %d of %d bytes; retry later", s.bodies.inUse(), s.bodies.capacity))
		case errors.Is(err, errTooLarge):
			s.m.reject("body_too_large")
			writeError(ctx, fasthttp.StatusRequestEntityTooLarge, codeBodyTooLarge, fmt.Sprintf("chunked request body is larger than %d bytes, the limit of %s", limit, rt.path))
		default:
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, "cannot read the request body: "+err.Error())
		}
		return 0, false
	}
	ctx.Request.SetBodyRaw(buf)
	return reserved, true
}

// expectContinue decides, from the headers alone, whether a request sent with
// "Expect: 100-continue" may send its body: not when its Content-Length is over the
// largest body limit, nor, when the server has keys, without a valid bearer key (the
// client gets 417 and the body is never sent). Scopes and the route's own limit are
// checked once the request is routed.
func (s *Server) expectContinue(h *fasthttp.RequestHeader) bool {
	if cl := h.ContentLength(); cl > max(s.opt.MaxBodyBytes, s.opt.MaxUploadBytes) {
		s.m.reject(rejectBodyTooLarge)
		return false
	}
	if s.keys.empty() {
		return true
	}
	tok, ok := bytes.CutPrefix(h.Peek("Authorization"), []byte("Bearer "))
	if _, found := s.keys.lookup(bytes.TrimSpace(tok)); !ok || !found {
		s.m.reject(rejectUnauthorized)
		return false
	}
	return true
}
