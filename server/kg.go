package server

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
	"gopkg.in/yaml.v3"

	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/store"
)

func (s *Server) kgIndustries(ctx *fasthttp.RequestCtx) {
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"industries": s.eng.KG().Graph().Industries()})
}

type node struct {
	Type kg.NodeType `json:"type"`
	ID   string      `json:"id"`
	Name string      `json:"name,omitempty"`
}

type edge struct {
	Kind kg.EdgeKind `json:"kind"`
	From kg.NodeRef  `json:"from"`
	To   kg.NodeRef  `json:"to"`
}

// graphOf lists a pack's nodes and typed edges.
func graphOf(p *kg.Pack) (nodes []node, edges []edge) {
	ref := func(t kg.NodeType, id string) kg.NodeRef { return kg.NodeRef{Type: t, ID: id} }
	add := func(k kg.EdgeKind, from, to kg.NodeRef) { edges = append(edges, edge{k, from, to}) }
	ind := ref(kg.NodeIndustry, p.ID)
	nodes = append(nodes, node{kg.NodeIndustry, p.ID, p.Name})
	for _, d := range p.Departments {
		nodes = append(nodes, node{kg.NodeDepartment, d.ID, d.Name})
	}
	for _, st := range p.Stages {
		nodes = append(nodes, node{kg.NodeStage, st.ID, st.Name})
		add(kg.EdgeHasStage, ind, ref(kg.NodeStage, st.ID))
	}
	for _, tp := range p.Touchpoints {
		nodes = append(nodes, node{kg.NodeTouchpoint, tp.ID, tp.Name})
		add(kg.EdgeHasTouchpoint, ref(kg.NodeStage, tp.Stage), ref(kg.NodeTouchpoint, tp.ID))
		if tp.Department != "" {
			add(kg.EdgeOwnedBy, ref(kg.NodeTouchpoint, tp.ID), ref(kg.NodeDepartment, tp.Department))
		}
	}
	for _, x := range p.Indicators {
		nodes = append(nodes, node{kg.NodeIndicator, x.ID, x.Name})
		add(kg.EdgeHasIndicator, ref(kg.NodeTouchpoint, x.Touchpoint), ref(kg.NodeIndicator, x.ID))
		if x.Department != "" {
			add(kg.EdgeOwnedBy, ref(kg.NodeIndicator, x.ID), ref(kg.NodeDepartment, x.Department))
		}
		if x.Parent != "" {
			add(kg.EdgeParentOf, ref(kg.NodeIndicator, x.Parent), ref(kg.NodeIndicator, x.ID))
		}
	}
	for _, a := range p.Aspects {
		nodes = append(nodes, node{kg.NodeAspect, a.ID, a.Name})
		add(kg.EdgeHasAspect, ref(kg.NodeIndicator, a.Indicator), ref(kg.NodeAspect, a.ID))
		for _, t := range a.Terms {
			nodes = append(nodes, node{kg.NodeTerm, t, ""})
			add(kg.EdgeHasTerm, ref(kg.NodeAspect, a.ID), ref(kg.NodeTerm, t))
		}
	}
	for _, r := range p.Rules {
		nodes = append(nodes, node{kg.NodeRule, r.ID, ""})
		add(kg.EdgeWatches, ref(kg.NodeRule, r.ID), ref(kg.NodeIndicator, r.Indicator))
		if r.RouteTo != "" {
			add(kg.EdgeRoutesTo, ref(kg.NodeRule, r.ID), ref(kg.NodeDepartment, r.RouteTo))
		}
	}
	return nodes, edges
}

func (s *Server) kgIndustry(ctx *fasthttp.RequestCtx) {
	id := strings.TrimPrefix(string(ctx.Path()), "/v1/kg/industries/")
	g := s.eng.KG().Graph()
	p, ok := g.Pack(id)
	if !ok {
		writeError(ctx, fasthttp.StatusNotFound, codeNotFound, fmt.Sprintf("unknown industry %q (see /v1/kg/industries)", id))
		return
	}
	switch format := string(ctx.QueryArgs().Peek("format")); format {
	case "pack":
		var buf bytes.Buffer
		if err := kg.MarshalPack(p, &buf); err != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, fmt.Sprintf("export %s: %v", id, err))
			return
		}
		var v map[string]any
		if err := yaml.Unmarshal(buf.Bytes(), &v); err != nil {
			writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, fmt.Sprintf("export %s: %v", id, err))
			return
		}
		writeJSON(ctx, fasthttp.StatusOK, v)
	case "", "graph":
		var info kg.IndustryInfo
		for _, in := range g.Industries() {
			if in.ID == p.ID {
				info = in
			}
		}
		nodes, edges := graphOf(p)
		writeJSON(ctx, fasthttp.StatusOK, map[string]any{"industry": info, "nodes": nodes, "edges": edges})
	default:
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, fmt.Sprintf("format %q: want graph (default) or pack", format))
	}
}

func (s *Server) kgMap(ctx *fasthttp.RequestCtx) {
	var req struct {
		Industry string `json:"industry"`
		Sentence string `json:"sentence"`
		Term     string `json:"term"`
		Opinion  string `json:"opinion"`
	}
	if !decodeBody(ctx, &req) {
		return
	}
	if req.Sentence == "" && req.Term == "" && req.Opinion == "" {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, `send at least one of "sentence", "term", "opinion"`)
		return
	}
	for _, f := range []string{req.Sentence, req.Term, req.Opinion} {
		if n := len([]rune(f)); n > s.opt.MaxTextRunes {
			writeError(ctx, fasthttp.StatusBadRequest, codeTextTooLong, fmt.Sprintf("a field is %d characters long; the limit is %d", n, s.opt.MaxTextRunes))
			return
		}
	}
	g := s.eng.KG().Graph()
	if req.Industry != "" && !s.requireIndustry(ctx, req.Industry) {
		return
	}
	m, found := g.MapAspect(req.Industry, req.Sentence, req.Term, req.Opinion)
	out := map[string]any{"found": found}
	if found { // the shape of a result's aspects[].kg, with the mapping's confidence beside it
		out["kg"], out["confidence"] = mention.KGRefOf(m), m.Confidence
	}
	writeJSON(ctx, fasthttp.StatusOK, out)
}

func (s *Server) kgAddTerm(ctx *fasthttp.RequestCtx) {
	var req struct {
		Industry string `json:"industry"`
		Aspect   string `json:"aspect"`
		Term     string `json:"term"`
	}
	if !decodeBody(ctx, &req) {
		return
	}
	if req.Industry == "" || req.Aspect == "" || strings.TrimSpace(req.Term) == "" {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, `"industry", "aspect" and "term" are required`)
		return
	}
	if !s.requireIndustry(ctx, req.Industry) {
		return
	}
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	if err := s.eng.KG().AddTerm(rctx, req.Industry, req.Aspect, req.Term); err != nil {
		if storeFull(ctx, err) {
			return
		}
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	s.log.Info("kg term added", "industry", req.Industry, "aspect", req.Aspect, "term", req.Term)
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"industry": req.Industry, "aspect": req.Aspect, "term": strings.TrimSpace(req.Term), "added": true})
}

func (s *Server) kgAddIndicator(ctx *fasthttp.RequestCtx) {
	var req struct {
		Industry string `json:"industry"`
		kg.IndicatorSpec
	}
	if !decodeBody(ctx, &req) {
		return
	}
	if req.Industry == "" || req.ID == "" || req.Name == "" || req.Touchpoint == "" {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, `"industry", "id", "name" and "touchpoint" are required`)
		return
	}
	if !s.requireIndustry(ctx, req.Industry) {
		return
	}
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	if err := s.eng.KG().AddIndicator(rctx, req.Industry, req.IndicatorSpec); err != nil {
		if storeFull(ctx, err) {
			return
		}
		status := fasthttp.StatusBadRequest
		if strings.Contains(err.Error(), "already has it") {
			status = fasthttp.StatusConflict
		}
		writeError(ctx, status, codeBadRequest, err.Error())
		return
	}
	s.log.Info("kg indicator added", "industry", req.Industry, "indicator", req.ID)
	ind, _ := s.eng.KG().Graph().Indicator(req.Industry, req.ID)
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"industry": req.Industry, "indicator": ind, "added": true})
}

// queryInt reads a non-negative integer query argument.
func queryInt(ctx *fasthttp.RequestCtx, name string, def int) (int, error) {
	v := ctx.QueryArgs().Peek(name)
	if len(v) == 0 {
		return def, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("query %s=%q: want a non-negative integer", name, v)
	}
	return n, nil
}

func (s *Server) kgCandidates(ctx *fasthttp.RequestCtx) {
	limit, err := queryInt(ctx, "limit", 100)
	if err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	industry := string(ctx.QueryArgs().Peek("industry"))
	if industry != "" && !s.requireIndustry(ctx, industry) {
		return
	}
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	cs, err := s.eng.KG().Candidates(rctx, industry, limit)
	if err != nil {
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	if cs == nil {
		cs = []store.Candidate{}
	}
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"candidates": cs})
}

const dayLayout = "2006-01-02"

// period reads from/to (YYYY-MM-DD, inclusive); default: the 30 days ending today (UTC).
func period(ctx *fasthttp.RequestCtx) (from, to time.Time, err error) {
	to = time.Now().UTC().Truncate(24 * time.Hour)
	if v := ctx.QueryArgs().Peek("to"); len(v) > 0 {
		if to, err = time.Parse(dayLayout, string(v)); err != nil {
			return from, to, fmt.Errorf("query to=%q: want YYYY-MM-DD", v)
		}
	}
	from = to.AddDate(0, 0, -29)
	if v := ctx.QueryArgs().Peek("from"); len(v) > 0 {
		if from, err = time.Parse(dayLayout, string(v)); err != nil {
			return from, to, fmt.Errorf("query from=%q: want YYYY-MM-DD", v)
		}
	}
	if from.After(to) {
		return from, to, fmt.Errorf("from %s is after to %s", from.Format(dayLayout), to.Format(dayLayout))
	}
	if to.Sub(from) > 3650*24*time.Hour {
		return from, to, fmt.Errorf("period %s..%s: at most 3650 days", from.Format(dayLayout), to.Format(dayLayout))
	}
	return from, to, nil
}

func (s *Server) kgStats(ctx *fasthttp.RequestCtx) {
	q := ctx.QueryArgs()
	industry := string(q.Peek("industry"))
	if industry == "" {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, "query industry is required (see /v1/kg/industries)")
		return
	}
	g := s.eng.KG().Graph()
	if !s.requireIndustry(ctx, industry) {
		return
	}
	from, to, err := period(ctx)
	if err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	n, err := queryInt(ctx, "n", 10)
	if err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	ins := s.eng.Insights()
	if ins == nil {
		writeError(ctx, fasthttp.StatusNotImplemented, codeNotImplemented, "the insights counters are not open in this server")
		return
	}
	indicator := string(q.Peek("indicator"))
	if indicator != "" {
		if _, ok := g.Indicator(industry, indicator); !ok {
			writeError(ctx, fasthttp.StatusNotFound, codeNotFound, fmt.Sprintf("industry %s has no indicator %q", industry, indicator))
			return
		}
	}
	out, err := kgStatsFromInsights(rctx, ins, industry, string(q.Peek("department")), indicator, from, to, n)
	if err != nil {
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// requireIndustry reports whether id is a loaded industry; when it is not it answers 404.
func (s *Server) requireIndustry(ctx *fasthttp.RequestCtx, id string) bool {
	if s.eng.KG().Graph().HasIndustry(id) {
		return true
	}
	writeError(ctx, fasthttp.StatusNotFound, codeNotFound, fmt.Sprintf("unknown industry %q (see /v1/kg/industries)", id))
	return false
}
