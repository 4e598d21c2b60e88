package server

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/dashboard"
)

// userKeyName is the request's user value holding the authenticated API key's name.
const userKeyName = "tingzhen.key"

// userKeyAdmin is the request's user value telling whether that key has the admin scope.
const userKeyAdmin = "tingzhen.admin"

// caller is the name of the API key that authenticated the request and whether it has
// the admin scope; name "" when the server has no keys (or the route is public). The jobs
// routes use it to scope what each key sees.
func caller(ctx *fasthttp.RequestCtx) (name string, admin bool) {
	name, _ = ctx.UserValue(userKeyName).(string)
	admin, _ = ctx.UserValue(userKeyAdmin).(bool)
	return name, admin
}

// scopeAnyKey means any valid key (reading the knowledge graph and tasks).
const scopeAnyKey = "*"

// route is one endpoint. Path ends in "/" with prefix set for one trailing path parameter;
// pattern matches {name} segments anywhere.
type route struct {
	method  string
	path    string // as documented in openapi.json
	match   string // what the request path is matched against
	prefix  bool
	pattern bool   // path has {name} segments, each matching one segment
	scope   string // "" = public
	upload  bool   // body limit MaxUploadBytes instead of MaxBodyBytes
	handler fasthttp.RequestHandler
}

func (s *Server) routeTable() []route {
	r := func(method, path, scope string, h fasthttp.RequestHandler) route {
		return route{method: method, path: path, match: path, scope: scope, handler: h}
	}
	ui := dashboard.Handler()
	rs := []route{
		r("GET", "/healthz", "", s.healthz),
		r("GET", "/readyz", "", s.readyz),
		r("GET", "/openapi.json", "", s.openapi),
		// The dashboard's static page and files (no data: public; the page calls the API with the key).
		r("GET", dashboard.PathRoot, "", ui),
		r("GET", dashboard.PathUI, "", ui),
		{method: "GET", path: "/ui/{file}", match: dashboard.PathPrefix, prefix: true, handler: ui},
		r("GET", "/metrics", ScopeAdmin, s.metrics),
		r("POST", "/v1/analyze", ScopeAnalyze, s.analyze),
		r("POST", "/v1/sentiment", ScopeAnalyze, s.sentiment),
		r("POST", "/v1/segment", ScopeAnalyze, s.segment),
		r("GET", "/v1/kg/industries", scopeAnyKey, s.kgIndustries),
		{method: "GET", path: "/v1/kg/industries/{id}", match: "/v1/kg/industries/", prefix: true, scope: scopeAnyKey, handler: s.kgIndustry},
		r("POST", "/v1/kg/map", ScopeAnalyze, s.kgMap),
		r("POST", "/v1/kg/terms", ScopeKGWrite, s.kgAddTerm),
		r("POST", "/v1/kg/indicators", ScopeKGWrite, s.kgAddIndicator),
		r("GET", "/v1/kg/candidates", scopeAnyKey, s.kgCandidates),
		r("GET", "/v1/kg/stats", scopeAnyKey, s.kgStats),
		{method: "POST", path: "/v1/transcripts/analyze", match: "/v1/transcripts/analyze", scope: ScopeAnalyze, upload: true, handler: s.callsHandler()},
	}
	rs = append(rs, s.jobRoutes()...)
	return append(rs, s.insightsRoutes()...)
}

func notImplemented(what string) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		writeError(ctx, fasthttp.StatusNotImplemented, codeNotImplemented, what+" is not enabled in this server")
	}
}

func (rt *route) matches(path string) bool {
	if rt.pattern {
		return matchPattern(rt.match, path)
	}
	if !rt.prefix {
		return path == rt.match
	}
	return strings.HasPrefix(path, rt.match) && len(path) > len(rt.match) && !strings.Contains(path[len(rt.match):], "/")
}

// Handler is the server's fasthttp handler: routing, authentication, metrics.
func (s *Server) Handler(ctx *fasthttp.RequestCtx) {
	t0 := time.Now()
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	id := requestID(ctx)
	tm := &timing{}
	ctx.SetUserValue(userTiming, tm)
	name := "other"
	var reserved int64 // in-flight body budget held by this request
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("handler panic", "route", name, "panic", fmt.Sprint(p), "request_id", id)
			ctx.Response.Reset()
			writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, "internal error")
		}
		s.bodies.release(reserved)
		ctx.Response.Header.Set("X-Request-Id", id) // a handler may have reset the headers
		if code := stampErrorBody(ctx, id); code != "" {
			s.m.errorCode(code)
			switch code { // the size caps routes check themselves
			case codeBatchTooLarge, codeTooManyItems, codeTextTooLong, "too_many_calls", "transcript_too_large", "response_too_large":
				s.m.reject(rejectTooLarge)
			}
		}
		d := time.Since(t0)
		serverTiming(ctx, tm, d)
		s.m.request(name, ctx.Response.StatusCode(), d)
		s.accessLog(ctx, id, d)
	}()
	if !s.sameSiteHost(ctx) {
		return
	}
	path := string(ctx.Path())
	method := string(ctx.Method())
	var allowed []string
	for i := range s.routes {
		rt := &s.routes[i]
		if !rt.matches(path) {
			continue
		}
		if rt.method != method && !(rt.method == "GET" && method == "HEAD") {
			allowed = append(allowed, rt.method)
			continue
		}
		name = rt.path
		if !s.sameSiteWrite(ctx, rt) {
			return
		}
		if !s.authorize(ctx, rt.scope) {
			ctx.SetConnectionClose() // its body stays unread
			s.m.reject(rejectUnauthorized)
			return
		}
		var ok bool
		if reserved, ok = s.readBody(ctx, rt); !ok {
			return
		}
		rt.handler(ctx)
		return
	}
	if len(allowed) > 0 {
		ctx.Response.Header.Set("Allow", strings.Join(allowed, ", "))
		writeError(ctx, fasthttp.StatusMethodNotAllowed, codeMethod, fmt.Sprintf("%s %s: method not allowed (allowed: %s)", method, path, strings.Join(allowed, ", ")))
		return
	}
	writeError(ctx, fasthttp.StatusNotFound, codeNotFound, fmt.Sprintf("no route %s %s (see /openapi.json)", method, path))
}

// bodyLimit is the largest body route rt accepts.
func (s *Server) bodyLimit(rt *route) int {
	if rt.upload {
		return s.opt.MaxUploadBytes
	}
	return s.opt.MaxBodyBytes
}

// authorize checks the bearer token for scope; it answers 401/403 itself when it fails.
func (s *Server) authorize(ctx *fasthttp.RequestCtx, scope string) bool {
	if scope == "" || s.keys.empty() {
		return true
	}
	h := ctx.Request.Header.Peek("Authorization")
	tok, ok := bytes.CutPrefix(h, []byte("Bearer "))
	if !ok || len(bytes.TrimSpace(tok)) == 0 {
		ctx.Response.Header.Set("WWW-Authenticate", `Bearer realm="tingzhen"`)
		writeError(ctx, fasthttp.StatusUnauthorized, codeUnauthorized, "missing API key: send Authorization: Bearer <key>")
		return false
	}
	k, found := s.keys.lookup(bytes.TrimSpace(tok))
	if !found {
		ctx.Response.Header.Set("WWW-Authenticate", `Bearer realm="tingzhen", error="invalid_token"`)
		writeError(ctx, fasthttp.StatusUnauthorized, codeUnauthorized, "invalid API key")
		return false
	}
	ctx.SetUserValue(userKeyName, k.Name)
	ctx.SetUserValue(userKeyAdmin, hasScope(k, ScopeAdmin))
	if scope != scopeAnyKey && !hasScope(k, scope) {
		s.log.Info("forbidden", "key", k.Name, "scope", scope, "path", string(ctx.Path()))
		writeError(ctx, fasthttp.StatusForbidden, codeForbidden, fmt.Sprintf("API key %q lacks scope %q", k.Name, scope))
		return false
	}
	return true
}
