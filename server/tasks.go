package server

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/tasks"
)

// EngineInsights is the engine's insights store as the task loop's source (nil when the
// engine keeps none).
func EngineInsights(e *engine.Engine) tasks.Source {
	if st := e.Insights(); st != nil {
		return st
	}
	return nil
}

// codeConflict answers an illegal lifecycle step.
const codeConflict = "conflict"

// ScopeTasks may change tasks: lifecycle steps, evaluating rules, redelivering webhooks.
const ScopeTasks = "tasks"

// taskRoutes are the task loop's endpoints (reading needs any key, changing scope tasks).
func (s *Server) taskRoutes() []route {
	pat := func(method, path, scope string, h fasthttp.RequestHandler) route {
		return route{method: method, path: path, match: path, pattern: true, scope: scope, handler: h}
	}
	return []route{
		{method: "GET", path: "/v1/tasks", match: "/v1/tasks", scope: scopeAnyKey, handler: s.tasks},
		{method: "POST", path: "/v1/tasks/evaluate", match: "/v1/tasks/evaluate", scope: ScopeTasks, handler: s.tasksEvaluate},
		{method: "GET", path: "/v1/tasks/deadletters", match: "/v1/tasks/deadletters", scope: scopeAnyKey, handler: s.tasksDeadLetters},
		pat("GET", "/v1/tasks/{id}", scopeAnyKey, s.taskGet),
		pat("PATCH", "/v1/tasks/{id}", ScopeTasks, s.taskPatch),
		pat("POST", "/v1/tasks/{id}/{action}", ScopeTasks, s.taskAction),
	}
}

// matchPattern matches path against a documented path whose {name} segments match one
// non-empty segment each.
func matchPattern(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if p != xs[i] {
			return false
		}
	}
	return true
}

// segment returns the i-th path segment (0 = "v1").
func segment(ctx *fasthttp.RequestCtx, i int) string {
	xs := strings.Split(strings.Trim(string(ctx.Path()), "/"), "/")
	if i < len(xs) {
		return xs[i]
	}
	return ""
}

func (s *Server) tasks(ctx *fasthttp.RequestCtx) {
	q := ctx.QueryArgs()
	limit, err := queryInt(ctx, "limit", 100)
	if err != nil {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	f := tasks.Filter{Industry: string(q.Peek("industry")), Department: string(q.Peek("department")),
		Status: string(q.Peek("status")), RuleID: string(q.Peek("rule")), Limit: limit}
	if f.Industry != "" && !s.requireIndustry(ctx, f.Industry) {
		return
	}
	if f.Status != "" && !tasks.ValidStatus(f.Status) {
		writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, fmt.Sprintf("status %q: want one of %s", f.Status, strings.Join(tasks.Statuses, ", ")))
		return
	}
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	ts, err := s.tm.List(rctx, f)
	if err != nil {
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"tasks": nonNil(ts)})
}

func (s *Server) tasksEvaluate(ctx *fasthttp.RequestCtx) {
	var req struct {
		At string `json:"at"` // evaluate as of this time (a back-fill); default now
	}
	if len(strings.TrimSpace(string(ctx.PostBody()))) > 0 && !decodeBody(ctx, &req) {
		return
	}
	at := time.Now()
	if req.At != "" {
		t, err := insights.ParseTime(req.At, s.tm.Location())
		if err != nil {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, fmt.Sprintf("at %q: %v", req.At, err))
			return
		}
		at = t
	}
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	created, err := s.tm.Evaluate(rctx, at)
	if err != nil && len(created) == 0 {
		if storeFull(ctx, err) {
			return
		}
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	out := map[string]any{"at": at.Format(time.RFC3339), "created": nonNil(created)}
	if err != nil {
		out["errors"] = err.Error() // some rules failed; the created tasks are stored
	}
	writeJSON(ctx, fasthttp.StatusOK, out)
}

func (s *Server) tasksDeadLetters(ctx *fasthttp.RequestCtx) {
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	dl, err := s.tm.DeadLetters(rctx)
	if err != nil {
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"dead_letters": nonNil(dl)})
}

func (s *Server) taskGet(ctx *fasthttp.RequestCtx) {
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	t, err := s.tm.Get(rctx, segment(ctx, 2))
	if err != nil {
		s.taskError(ctx, err)
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, t)
}

// stepBody is the body of a lifecycle step.
type stepBody struct {
	Status string `json:"status"` // PATCH: the status to move to
	Action string `json:"action"` // PATCH alternative: the action
	By     string `json:"by"`     // who; default the API key's name
	Note   string `json:"note"`
}

func (s *Server) taskPatch(ctx *fasthttp.RequestCtx) {
	var b stepBody
	if !decodeBody(ctx, &b) {
		return
	}
	action := b.Action
	if action == "" {
		a, ok := tasks.ActionFor(b.Status)
		if !ok {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, fmt.Sprintf(`send {"status": S} with S one of acknowledged, in_progress, resolved, verified, dismissed (got %q), or {"action": A}`, b.Status))
			return
		}
		action = a
	}
	s.step(ctx, segment(ctx, 2), action, b)
}

func (s *Server) taskAction(ctx *fasthttp.RequestCtx) {
	var b stepBody
	if len(strings.TrimSpace(string(ctx.PostBody()))) > 0 && !decodeBody(ctx, &b) {
		return
	}
	id, action := segment(ctx, 2), segment(ctx, 3)
	if action == "redeliver" {
		rctx, cancel, ok := s.requestContext(ctx)
		if !ok {
			return
		}
		defer cancel()
		t, err := s.tm.Redeliver(rctx, id)
		if err != nil {
			s.taskError(ctx, err)
			return
		}
		s.log.Info("task redelivery queued", "task", id)
		writeJSON(ctx, fasthttp.StatusAccepted, t)
		return
	}
	s.step(ctx, id, action, b)
}

func (s *Server) step(ctx *fasthttp.RequestCtx, id, action string, b stepBody) {
	known := action == "redeliver"
	for _, a := range tasks.Actions {
		known = known || a == action
	}
	if !known {
		writeError(ctx, fasthttp.StatusNotFound, codeNotFound, fmt.Sprintf("unknown task action %q (want %s or redeliver)", action, strings.Join(tasks.Actions, ", ")))
		return
	}
	by := b.By
	if by == "" {
		by, _ = ctx.UserValue(userKeyName).(string)
	}
	if by == "" {
		by = "api"
	}
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return
	}
	defer cancel()
	t, err := s.tm.Transition(rctx, id, tasks.Step{Action: action, By: by, Note: b.Note})
	if err != nil {
		s.taskError(ctx, err)
		return
	}
	s.log.Info("task step", "task", id, "action", action, "status", t.Status, "by", by)
	writeJSON(ctx, fasthttp.StatusOK, t)
}

func (s *Server) taskError(ctx *fasthttp.RequestCtx, err error) {
	var te *tasks.TransitionError
	switch {
	case storeFull(ctx, err):
	case errors.Is(err, tasks.ErrNotFound):
		writeError(ctx, fasthttp.StatusNotFound, codeNotFound, err.Error())
	case errors.As(err, &te):
		writeError(ctx, fasthttp.StatusConflict, codeConflict, err.Error())
	default:
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
	}
}
