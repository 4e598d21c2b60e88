package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/insights"
)

// insightsRoutes are GET /v1/insights/{top,trend,compare,benchmark,drivers,channels,evidence}
// (any valid key), with the CLI's parameters (insights.ParamNames).
func (s *Server) insightsRoutes() []route {
	var out []route
	for _, q := range insights.Queries {
		p := "/v1/insights/" + q
		out = append(out, route{method: "GET", path: p, match: p, scope: scopeAnyKey, handler: s.insightsQuery(q)})
	}
	return out
}

func (s *Server) insightsQuery(name string) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		st := s.eng.Insights()
		if st == nil {
			writeError(ctx, fasthttp.StatusNotImplemented, codeNotImplemented, "the insights counters are not open in this server")
			return
		}
		v, err := url.ParseQuery(string(ctx.QueryArgs().QueryString()))
		if err != nil {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, fmt.Sprintf("query string: %v", err))
			return
		}
		p, err := insights.ParseParams(v, st.Location(), time.Now())
		if err != nil {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
			return
		}
		if p.Industry != "" && !s.requireIndustry(ctx, p.Industry) {
			return
		}
		rctx, cancel, ok := s.requestContext(ctx)
		if !ok {
			return
		}
		defer cancel()
		res, err := st.Run(rctx, name, p)
		if errors.Is(err, insights.ErrBadQuery) {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
			return
		}
		if err != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
			return
		}
		writeJSON(ctx, fasthttp.StatusOK, res)
	}
}

// kgStatsFromInsights answers the older GET /v1/kg/stats from the insights counters (event
// time): top pain aspects, net sentiment per indicator (worst first) and the daily trend of
// one indicator (default: the worst). from and to are calendar days, inclusive.
func kgStatsFromInsights(ctx context.Context, ins *insights.Store, industry, department, indicator string, from, to time.Time, n int) (map[string]any, error) {
	loc := ins.Location()
	f := insights.Filter{Industry: industry, Department: department,
		From: time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc), To: time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, loc)}
	top, err := ins.Top(ctx, insights.TopQuery{Filter: f, Point: "pain", By: "aspect", N: n})
	if err != nil {
		return nil, err
	}
	f.Department = ""
	by, err := ins.CountsBy(ctx, f, "indicator")
	if err != nil {
		return nil, err
	}
	type netRow struct {
		IndicatorID string `json:"indicator_id"`
		Indicator   string `json:"indicator"`
		insights.Counts
		Net float64 `json:"net"`
	}
	net := []netRow{}
	for id, c := range by {
		if c.Mentions > 0 {
			net = append(net, netRow{IndicatorID: id, Indicator: ins.Name(industry, "indicator", id), Counts: c, Net: math.Round(c.Net()*1000) / 1000})
		}
	}
	sort.Slice(net, func(i, j int) bool {
		if net[i].Net != net[j].Net {
			return net[i].Net < net[j].Net
		}
		return net[i].IndicatorID < net[j].IndicatorID
	})
	out := map[string]any{"industry": industry, "from": from.Format(dayLayout), "to": to.Format(dayLayout), "top_pains": top.Items, "net_sentiment": net}
	if indicator == "" && len(net) > 0 {
		indicator = net[0].IndicatorID
	}
	if indicator != "" {
		f.Indicator = indicator
		days, err := ins.Trend(ctx, f, "day")
		if err != nil {
			return nil, err
		}
		out["trend"] = map[string]any{"indicator_id": indicator, "days": days}
	}
	return out, nil
}
