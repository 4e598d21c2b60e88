// Package dashboard serves the analysts' web dashboard: one plain HTML/CSS/JS page (no
// framework, no build step) and Apache ECharts, embedded in the binary with go:embed so the
// page needs no CDN and works offline.
//
// Its one job: hand the browser the page's static files. The page itself reads every
// number from the public JSON API (/v1/insights/*, /v1/tasks, /v1/kg/*, /v1/jobs) with the
// analyst's API key in the Authorization header (kept in sessionStorage, never in a URL), so
// the dashboard adds no data route and no second authorisation path. The static files carry
// no data and are served without a key.
//
// static/echarts.min.js is not committed: `make ui` (part of `make deps` and `make build`)
// takes it from the npm package echarts at the version and SHA-256 pinned in the Makefile.
// Without it the page still loads and says which command fetches it.
package dashboard
