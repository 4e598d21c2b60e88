package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/store"
)

func init() {
	register(command{"insights", "customer-voice questions: top, trend, compare, benchmark, drivers, channels, evidence", cmdInsights})
}

const insightsUsage = `Usage: tingzhen insights <query> [flags]

Queries (counted by event time and dimensions, customer voice only):
  top        top pains (itches, pleasures) by indicator, department or aspect   [--point --by --n]
  trend      counters per day, week or month                                    [--by day|week|month]
  compare    this period against the one before, two-proportion z-test          [--point --by --prev-from --prev-to --alpha]
  benchmark  本品牌 vs 竞品 vs 行业 per indicator                                --brand B [--competitor C]... [--point --by]
  drivers    which indicators move record sentiment (L2 logistic regression)    [--target negative|positive --lambda --min-support]
  channels   one indicator across channels, with a consistency measure         [--point --min-mentions]
  evidence   the newest on-topic customer mentions, with record ids             [--point --n]

Filters: --industry --department --indicator (ids) --from --to (RFC 3339, 2024-11-03,
2024年11月3日 …; a date --to includes that day) --period (7d, 4w, 3m, week, month, quarter)
--channel --brand --product --store --region --segment --tag (repeatable).
Output: --format table (default) | json.
Store: --data DIR (Badger, default ./data), or --server URL to ask a running server
(API key from --key or TINGZHEN_API_KEY).
`

type insightsMulti []string

func (m *insightsMulti) String() string     { return strings.Join(*m, ",") }
func (m *insightsMulti) Set(v string) error { *m = append(*m, v); return nil }

func cmdInsights(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, insightsUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	query := args[0]
	known := false
	for _, q := range insights.Queries {
		known = known || q == query
	}
	if !known {
		fmt.Fprintf(stderr, "tingzhen insights: unknown query %q\n\n%s", query, insightsUsage)
		return exitUsage
	}
	fs := flag.NewFlagSet("insights "+query, flag.ContinueOnError)
	data := fs.String("data", "./data", "Badger directory of the store")
	server := fs.String("server", "", "ask a running tingzhen server at this URL instead of opening the store")
	key := fs.String("key", os.Getenv("TINGZHEN_API_KEY"), "API key for --server (default $TINGZHEN_API_KEY)")
	format := fs.String("format", "table", "table or json")
	str := map[string]*string{}
	for _, name := range insights.ParamNames {
		if name == "tag" || name == "competitor" {
			continue
		}
		str[name] = fs.String(strings.ReplaceAll(name, "_", "-"), "", "query parameter "+name)
	}
	var tags, competitors insightsMulti
	fs.Var(&tags, "tag", "tag the records must carry (repeatable)")
	fs.Var(&competitors, "competitor", "competitor brand (benchmark; repeatable)")
	if ok, code := parseFlags(fs, args[1:], stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tingzhen insights %s: unexpected argument %q\n", query, fs.Arg(0))
		return exitUsage
	}
	if *format != "table" && *format != "json" {
		fmt.Fprintf(stderr, "tingzhen insights %s: --format %q: table or json\n", query, *format)
		return exitUsage
	}
	v := url.Values{}
	for name, p := range str {
		if *p != "" {
			v.Set(name, *p)
		}
	}
	for _, t := range tags {
		v.Add("tag", t)
	}
	for _, c := range competitors {
		v.Add("competitor", c)
	}
	var raw []byte
	var err error
	if *server != "" {
		raw, err = insightsRemote(ctx, *server, *key, query, v)
	} else {
		raw, err = insightsLocal(ctx, *data, query, v)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen insights %s: %v\n", query, err)
		if errors.Is(err, insights.ErrBadQuery) || errors.Is(err, errRemoteBadRequest) {
			return exitUsage
		}
		return exitRecordFails
	}
	if *format == "json" {
		var x any
		if err := json.Unmarshal(raw, &x); err != nil {
			fmt.Fprintf(stderr, "tingzhen insights %s: %v\n", query, err)
			return exitRecordFails
		}
		out := json.NewEncoder(stdout)
		out.SetEscapeHTML(false)
		out.SetIndent("", "  ")
		out.Encode(x)
		return exitOK
	}
	if err := insightsTable(stdout, query, raw); err != nil {
		fmt.Fprintf(stderr, "tingzhen insights %s: %v\n", query, err)
		return exitRecordFails
	}
	return exitOK
}

func insightsLocal(ctx context.Context, data, query string, v url.Values) ([]byte, error) {
	if _, err := os.Stat(data); err != nil {
		return nil, fmt.Errorf("store %s: %w (give --data DIR, or --server URL)", data, err)
	}
	st, err := store.Open(ctx, store.Options{Dir: data})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	ins, err := insights.Open(st.DB(), insights.Options{DepartmentOf: func(industry, id string) string {
		x, _ := st.Graph().Indicator(industry, id)
		return x.Department
	}})
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	p, err := insights.ParseParams(v, ins.Location(), time.Now())
	if err != nil {
		return nil, err
	}
	res, err := ins.Run(ctx, query, p)
	if err != nil {
		return nil, err
	}
	return json.Marshal(res)
}

var errRemoteBadRequest = errors.New("bad request")

func insightsRemote(ctx context.Context, server, key, query string, v url.Values) ([]byte, error) {
	u := strings.TrimRight(server, "/") + "/v1/insights/" + query
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	body, err := callServer(ctx, server, key, "GET", u, nil, 60*time.Second)
	var re *remoteError
	if errors.As(err, &re) && re.Status == http.StatusBadRequest {
		return nil, fmt.Errorf("%w: %v", errRemoteBadRequest, err)
	}
	return body, err
}

// insightsTable prints a query's JSON answer as a table.
func insightsTable(w io.Writer, query string, raw []byte) error {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	defer tw.Flush()
	rows := func(key string) []any { x, _ := m[key].([]any); return x }
	table := func(items []any, cols ...string) {
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(cols, "\t")))
		for _, it := range items {
			r, _ := it.(map[string]any)
			var cells []string
			for _, c := range cols {
				cells = append(cells, cell(lookup(r, c)))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
	}
	switch query {
	case "top":
		fmt.Fprintf(tw, "top %v by %v (total %v)\n", m["point"], m["by"], cell(m["total"]))
		table(rows("items"), "key", "name", "count", "mentions", "share", "net")
	case "trend":
		table(rows("points"), "period", "records", "mentions", "pain", "itch", "pleasure", "negative", "positive", "net", "pain_share")
	case "compare":
		fmt.Fprintf(tw, "%v share by %v: %s..%s against %s..%s (%v, alpha %v)\n", m["point"], m["by"], day(m["from"]), day(m["to"]), day(m["prev_from"]), day(m["prev_to"]), m["test"], m["alpha"])
		table(rows("items"), "key", "name", "prev_share", "cur_share", "change", "count_change", "z", "p", "significant")
	case "benchmark":
		fmt.Fprintf(tw, "%v share: %v vs %v vs industry\n", m["point"], m["brand"], cell(m["competitors"]))
		table(rows("rows"), "key", "name", "brand.share", "competitors.share", "industry.share", "vs_competitors", "vs_industry", "p", "significant")
	case "drivers":
		fmt.Fprintf(tw, "drivers of %v records: %v records, target rate %v, log loss %v\n", m["target"], cell(m["records"]), cell(m["target_rate"]), cell(m["log_loss"]))
		table(rows("drivers"), "indicator", "name", "polarity", "coef", "odds_ratio", "support", "target_rate")
	case "channels":
		fmt.Fprintf(tw, "%v share by channel: consistency %v (spread %v), chi-square %v df %v p %v, consistent %v\n", m["point"], cell(m["consistency"]), cell(m["spread"]), cell(m["chi_square"]), cell(m["df"]), cell(m["p"]), m["consistent"])
		table(rows("rows"), "channel", "records", "mentions", "share", "deviation", "net", "measured")
	case "evidence":
		table(rows("evidence"), "time", "record_id", "indicator", "point", "term", "text")
	}
	return nil
}

func lookup(r map[string]any, path string) any {
	var x any = r
	for _, p := range strings.Split(path, ".") {
		m, ok := x.(map[string]any)
		if !ok {
			return nil
		}
		x = m[p]
	}
	return x
}

func cell(x any) string {
	switch v := x.(type) {
	case nil:
		return "-"
	case float64:
		if v == float64(int64(v)) {
			return fmt.Sprint(int64(v))
		}
		return fmt.Sprintf("%.4g", v)
	case string:
		return strings.ReplaceAll(v, "\n", " ")
	case []any:
		var s []string
		for _, e := range v {
			s = append(s, cell(e))
		}
		return strings.Join(s, ",")
	}
	return fmt.Sprint(x)
}

func day(x any) string {
	s, _ := x.(string)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Format("2006-01-02 15:04")
	}
	return s
}
