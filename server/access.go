package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// timing is where a request's time went: waiting in the admission queue and in model runs
// (summed over its slices), for the Server-Timing header.
type timing struct{ queue, model atomic.Int64 } // nanoseconds

func (t *timing) add(queue, model time.Duration) {
	if t != nil {
		t.queue.Add(int64(queue))
		t.model.Add(int64(model))
	}
}

type timingKey struct{}

// timingFrom is the timing a request context carries, or nil.
func timingFrom(ctx context.Context) *timing {
	t, _ := ctx.Value(timingKey{}).(*timing)
	return t
}

// serverTiming sets Server-Timing: total, and queue and model when the request ran texts
// (durations in milliseconds).
func serverTiming(ctx *fasthttp.RequestCtx, tm *timing, total time.Duration) {
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', -1, 64) }
	v := "total;dur=" + ms(total)
	if q, m := time.Duration(tm.queue.Load()), time.Duration(tm.model.Load()); m > 0 {
		v += ", queue;dur=" + ms(q) + ", model;dur=" + ms(m)
	}
	ctx.Response.Header.Set("Server-Timing", v)
}

// userRequestID is the request's user value holding its request id.
const userRequestID = "tingzhen.request_id"

// userTiming is the request's user value holding its *timing.
const userTiming = "tingzhen.timing"

// maxRequestIDLen is the longest client X-Request-Id echoed back.
const maxRequestIDLen = 128

// saneRequestID reports whether a client's X-Request-Id may be echoed: 1 to 128 bytes of
// letters, digits and - _ . : / + = (a UUID, a trace id, a base64 token); anything else
// (control characters, spaces, quotes, non-ASCII) is replaced by a generated id.
func saneRequestID(id []byte) bool {
	if len(id) == 0 || len(id) > maxRequestIDLen {
		return false
	}
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '/', c == '+', c == '=':
		default:
			return false
		}
	}
	return true
}

// newRequestID is 16 random bytes in hex.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// requestID gives the request its id (the client's X-Request-Id when sane, else a new
// one), sets the X-Request-Id response header and returns the id.
func requestID(ctx *fasthttp.RequestCtx) string {
	if id, ok := ctx.UserValue(userRequestID).(string); ok {
		return id
	}
	id := ""
	if h := ctx.Request.Header.Peek("X-Request-Id"); saneRequestID(h) {
		id = string(h)
	} else {
		id = newRequestID()
	}
	ctx.SetUserValue(userRequestID, id)
	ctx.Response.Header.Set("X-Request-Id", id)
	return id
}

// stampErrorBody returns the code of a JSON error body {"error":{...}} ("" when the
// response is no JSON error), for the metrics; it adds "request_id" to one that lacks it
// (every error is written by writeError, which sets it: a safety net only).
func stampErrorBody(ctx *fasthttp.RequestCtx, id string) (code string) {
	if ctx.Response.StatusCode() < 400 || ctx.Response.IsBodyStream() {
		return ""
	}
	body := ctx.Response.Body()
	if len(body) == 0 || len(body) > 64<<10 || !bytes.Contains(body, []byte(`"error"`)) {
		return ""
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return ""
	}
	var detail map[string]json.RawMessage
	if json.Unmarshal(top["error"], &detail) != nil || detail == nil {
		return ""
	}
	_ = json.Unmarshal(detail["code"], &code)
	if _, has := detail["request_id"]; has {
		return code
	}
	detail["request_id"], _ = json.Marshal(id)
	top["error"], _ = json.Marshal(detail)
	out, err := json.Marshal(top)
	if err != nil {
		return code
	}
	ctx.Response.SetBody(append(out, '\n'))
	return code
}

// accessLog writes one line per request: method, path, status, response bytes, duration,
// request id and the API key's name (never the key).
func (s *Server) accessLog(ctx *fasthttp.RequestCtx, id string, d time.Duration) {
	if s.opt.NoAccessLog || !s.log.Enabled(context.Background(), slog.LevelInfo) {
		return
	}
	key, _ := ctx.UserValue(userKeyName).(string)
	size := len(ctx.Response.Body())
	if ctx.Response.IsBodyStream() { // a file download: its declared length
		size = max(0, ctx.Response.Header.ContentLength())
	}
	s.log.LogAttrs(context.Background(), slog.LevelInfo, "access",
		slog.String("method", string(ctx.Method())),
		slog.String("path", truncate(string(ctx.Path()), 256)),
		slog.Int("status", ctx.Response.StatusCode()),
		slog.Int("bytes", size),
		slog.Float64("ms", float64(d.Microseconds())/1000),
		slog.String("request_id", id),
		slog.String("key", key),
		slog.String("remote", ctx.RemoteAddr().String()),
	)
}
