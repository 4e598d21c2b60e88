package server

import (
	"fmt"
	"mime"
	"net"
	"net/url"
	"strings"

	"github.com/valyala/fasthttp"
)

// The no-key mode (no API keys, `make run`) serves loopback only, but a browser on the
// same machine can still be made to send requests there: a foreign page's form post
// (CSRF) or a foreign host name that resolves to 127.0.0.1 (DNS rebinding). Without keys
// the server therefore accepts only loopback Host headers, refuses writes carrying a
// foreign Origin, and refuses the content types a browser may send cross-site without
// asking first (text/plain, application/x-www-form-urlencoded, multipart/form-data, or
// none at all); routes other than the uploads take JSON only. With API keys none of this
// applies: a browser cannot attach the bearer key to a cross-site request.

// loopbackHost reports whether a Host header (host, host:port, [v6]:port) names a
// loopback host: localhost or a loopback IP. An empty Host (HTTP/1.0, no browser) passes.
func loopbackHost(h string) bool {
	if h == "" {
		return true
	}
	host := h
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		host, rest := h[1:end], h[end+1:]
		if rest != "" && !strings.HasPrefix(rest, ":") {
			return false
		}
		ip := net.ParseIP(host)
		return ip != nil && ip.IsLoopback()
	}
	if strings.Count(h, ":") == 1 {
		host, _, _ = strings.Cut(h, ":")
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackOrigin reports whether an Origin header names a loopback http(s) origin.
// "null" (sandboxed frames, file: pages, some redirects) is not one.
func loopbackOrigin(o string) bool {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	return loopbackHost(u.Host)
}

// corsSimpleType reports whether media type mt may be sent cross-site by a browser
// without a CORS preflight.
func corsSimpleType(mt string) bool {
	switch mt {
	case "text/plain", "application/x-www-form-urlencoded", "multipart/form-data":
		return true
	}
	return false
}

func jsonType(mt string) bool {
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// isWrite reports whether method may change state.
func isWrite(method string) bool {
	return method != "GET" && method != "HEAD" && method != "OPTIONS"
}

// sameSiteHost answers 403 itself and reports false when the server has no API keys and
// the request's Host is not a loopback host (DNS rebinding).
func (s *Server) sameSiteHost(ctx *fasthttp.RequestCtx) bool {
	if !s.keys.empty() {
		return true
	}
	if h := string(ctx.Request.Header.Host()); !loopbackHost(h) {
		writeError(ctx, fasthttp.StatusForbidden, codeForbidden, fmt.Sprintf("Host %q is not a loopback host: without API keys only 127.0.0.1, ::1 and localhost are served", truncate(h, 100)))
		return false
	}
	return true
}

// sameSiteWrite answers 403 or 415 itself and reports false when the server has no API
// keys and a write request to rt comes from a foreign Origin or carries a content type a
// browser may send cross-site (non-upload routes: anything but JSON).
func (s *Server) sameSiteWrite(ctx *fasthttp.RequestCtx, rt *route) bool {
	if !s.keys.empty() || !isWrite(string(ctx.Method())) {
		return true
	}
	if o := ctx.Request.Header.Peek("Origin"); len(o) > 0 && !loopbackOrigin(string(o)) {
		writeError(ctx, fasthttp.StatusForbidden, codeForbidden, fmt.Sprintf("Origin %q is not a loopback origin: without API keys writes are accepted from loopback pages and non-browser clients only", truncate(string(o), 100)))
		return false
	}
	ct := strings.TrimSpace(string(ctx.Request.Header.ContentType()))
	cl := ctx.Request.Header.ContentLength()
	hasBody := cl > 0 || cl == -1 || (ctx.Request.BodyStream() == nil && len(ctx.Request.Body()) > 0) // -1: chunked
	if ct == "" && !hasBody {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil {
		mt = ""
	}
	want := "application/json"
	if rt.upload {
		want = "application/json or the upload's own type (text/csv, application/x-ndjson, application/octet-stream, …)"
	}
	if (rt.upload && (mt == "" || corsSimpleType(mt))) || (!rt.upload && !jsonType(mt)) {
		writeError(ctx, fasthttp.StatusUnsupportedMediaType, codeUnsupportedType, fmt.Sprintf("Content-Type %q is not accepted on %s %s without API keys: send Content-Type: %s", truncate(ct, 100), ctx.Method(), rt.path, want))
		return false
	}
	return true
}

// truncate cuts s to at most n bytes (on a rune boundary) for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
