package server

import (
	"bufio"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tingzhen/tingzhen/insights"
)

// loadReviews reads the insights fixture (real reviews, mapped mentions, synthetic dims)
// and tags every record with tag, so that queries in the shared test store see only them.
func loadReviews(t *testing.T, tag string) []insights.Record {
	t.Helper()
	f, err := os.Open("../insights/testdata/reviews.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []insights.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r insights.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		r.ID = tag + "/" + r.ID
		r.Dims.Tags = []string{tag}
		out = append(out, r)
	}
	return out
}

// TestInsightsEndpoints: every /v1/insights query over a real server on loopback answers
// what the Go API answers for the same parameters; bad parameters are 400, an unknown
// industry 404, a missing key 401.
func TestInsightsEndpoints(t *testing.T) {
	ts := start(t, Options{Keys: []APIKey{{Name: "reader", Key: "reader-key-0123456789", Scopes: []string{ScopeAnalyze}}}})
	ctx := context.Background()
	tag := "ins-" + time.Now().Format("150405.000000")
	st := testEngine.Insights()
	if _, err := st.Ingest(ctx, loadReviews(t, tag)); err != nil {
		t.Fatal(err)
	}
	f := func(query, params string) {
		t.Helper()
		q := "tag=" + url.QueryEscape(tag) + "&industry=ecommerce&" + params
		r := do(t, "GET", ts.base+"/v1/insights/"+query+"?"+q, "", "reader-key-0123456789")
		if r.status != 200 {
			t.Fatalf("%s?%s: %d %s", query, q, r.status, r.body)
		}
		v, _ := url.ParseQuery(q)
		p, err := insights.ParseParams(v, st.Location(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.Run(ctx, query, p)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(res)
		var a, b any
		json.Unmarshal(r.body, &a)
		json.Unmarshal(want, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s?%s:\nHTTP %s\nGo   %s", query, q, r.body, want)
		}
		if len(r.body) < 40 || strings.Contains(string(r.body), `"items":[]`) || strings.Contains(string(r.body), `"evidence":[]`) {
			t.Errorf("%s?%s: empty answer %s", query, q, r.body)
		}
	}
	f("top", "point=pain&from=2026-10-01&to=2026-11-30&channel=京东")
	f("top", "point=pleasure&by=department&period=30d&to=2026-11-30")
	f("trend", "by=week&from=2026-10-05&to=2026-11-29&department=logistics")
	f("compare", "from=2026-11-01&to=2026-11-30&by=department")
	f("benchmark", "brand=本品牌&competitor=竞品A&competitor=竞品B")
	f("drivers", "target=negative")
	f("channels", "indicator=product_quality")
	f("evidence", "indicator=product_quality&point=pain&n=3")

	bad := func(path, key string, status int) {
		t.Helper()
		r := do(t, "GET", ts.base+path, "", key)
		if r.status != status || !strings.Contains(string(r.body), `"error"`) {
			t.Errorf("%s: %d %s, want %d", path, r.status, r.body, status)
		}
	}
	bad("/v1/insights/top?colour=red", "reader-key-0123456789", 400)
	bad("/v1/insights/top?from=yesterday", "reader-key-0123456789", 400)
	bad("/v1/insights/top?point=anger", "reader-key-0123456789", 400)
	bad("/v1/insights/compare?industry=ecommerce", "reader-key-0123456789", 400)
	bad("/v1/insights/benchmark?industry=ecommerce", "reader-key-0123456789", 400)
	bad("/v1/insights/trend?by=hour", "reader-key-0123456789", 400)
	bad("/v1/insights/top?industry=space_travel", "reader-key-0123456789", 404)
	bad("/v1/insights/top?industry=ecommerce", "", 401)
}
