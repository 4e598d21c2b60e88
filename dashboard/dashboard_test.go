package dashboard

import (
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

// TestHandler: the page at /, /ui and /ui/, its files by name, 404 for anything else
// (no path walking out of the embed folder).
func TestHandler(t *testing.T) {
	h := Handler()
	f := func(path string, status int, ctype, body string) {
		t.Helper()
		var ctx fasthttp.RequestCtx
		ctx.Request.SetRequestURI(path)
		h(&ctx)
		if got := ctx.Response.StatusCode(); got != status {
			t.Fatalf("GET %s: status %d, want %d", path, got, status)
		}
		if got := string(ctx.Response.Header.ContentType()); !strings.HasPrefix(got, ctype) {
			t.Fatalf("GET %s: content type %q, want %q", path, got, ctype)
		}
		if !strings.Contains(string(ctx.Response.Body()), body) {
			t.Fatalf("GET %s: body lacks %q", path, body)
		}
	}
	f("/", 200, "text/html", "客户体验仪表盘")
	f("/ui", 200, "text/html", `<script src="/ui/app.js">`)
	f("/ui/", 200, "text/html", "<dialog")
	f("/ui/app.js", 200, "text/javascript", "sessionStorage")
	f("/ui/style.css", 200, "text/css", "--pain")
	f("/ui/nope.js", 404, "application/json", "not_found")
	f("/ui/../doc.go", 404, "application/json", "not_found")
	f("/ui/.hidden", 404, "application/json", "not_found")
	f("/ui/static/app.js", 404, "application/json", "not_found")
	if HasECharts() {
		f("/ui/echarts.min.js", 200, "text/javascript", "echarts")
	} else {
		f("/ui/echarts.min.js", 404, "text/plain", "make ui")
	}
}

// TestPageHeaders: the page forbids inline script, foreign origins and framing.
func TestPageHeaders(t *testing.T) {
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI("/")
	Handler()(&ctx)
	csp := string(ctx.Response.Header.Peek("Content-Security-Policy"))
	for _, want := range []string{"script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Fatalf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Fatalf("CSP allows inline or eval'd script: %q", csp)
	}
}
