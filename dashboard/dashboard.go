package dashboard

import (
	"embed"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/valyala/fasthttp"
)

//go:embed static
var static embed.FS

// EChartsFile is the ECharts bundle's name under static/ (fetched by `make ui`).
const EChartsFile = "echarts.min.js"

// Paths the handler answers: the page at "/", "/ui" and "/ui/", its files at "/ui/<name>".
const (
	PathRoot   = "/"
	PathUI     = "/ui"
	PathPrefix = "/ui/"
)

// contentSecurityPolicy keeps the page to its own origin: scripts and data from the
// server only (no CDN, no inline script), inline styles (ECharts sets element styles), and
// job reports shown in a sandboxed srcdoc frame.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"connect-src 'self'; frame-src 'self' blob: about:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler serves the page and its files; anything else under /ui/ is 404. Only GET and
// HEAD reach it (the server's route table).
func Handler() fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		p := string(ctx.Path())
		name := "index.html"
		if p != PathRoot && p != PathUI && p != PathPrefix {
			name = strings.TrimPrefix(p, PathPrefix)
		}
		if name == "" || strings.Contains(name, "/") || strings.HasPrefix(name, ".") {
			notFound(ctx, p)
			return
		}
		b, err := fs.ReadFile(static, "static/"+name)
		if err != nil {
			if name == EChartsFile {
				ctx.SetStatusCode(fasthttp.StatusNotFound)
				ctx.SetContentType("text/plain; charset=utf-8")
				ctx.SetBodyString("echarts.min.js is not embedded in this build: run `make ui` (or `make build`), then rebuild\n")
				return
			}
			notFound(ctx, p)
			return
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := &ctx.Response.Header
		h.Set("Content-Type", ct)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if name == "index.html" {
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cache-Control", "no-cache")
		} else {
			h.Set("Cache-Control", "public, max-age=3600")
		}
		ctx.SetStatusCode(fasthttp.StatusOK)
		ctx.SetBody(b)
	}
}

// HasECharts reports whether this build embeds the ECharts bundle.
func HasECharts() bool {
	_, err := fs.Stat(static, "static/"+EChartsFile)
	return err == nil
}

func notFound(ctx *fasthttp.RequestCtx, p string) {
	ctx.SetStatusCode(fasthttp.StatusNotFound)
	ctx.SetContentType("application/json; charset=utf-8")
	ctx.SetBodyString(fmt.Sprintf(`{"error":{"code":"not_found","message":%q}}`+"\n", "no dashboard file "+p))
}
