package server

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/textcheck"
)

// The bulk-job routes (scope jobs), served from Options.Jobs:
//
//	POST   /v1/jobs                 create (JSON with server paths, or multipart / raw upload)
//	GET    /v1/jobs                 list
//	GET    /v1/jobs/{id}            status and progress
//	GET    /v1/jobs/{id}/{file}     results.jsonl (results, errors, summary, report)
//	POST   /v1/jobs/{id}/resume     continue an interrupted, failed or cancelled job
//	DELETE /v1/jobs/{id}            cancel a queued or running job; delete a finished one
//
// The two that start analysis (create, resume) pass the admission queue first, as
// /v1/analyze does: 429 with Retry-After when it is full, 400 for a malformed
// X-Request-Timeout; the job's texts then go through AnalyzeBulk at a low priority.
func (s *Server) jobRoutes() []route {
	jm := s.opt.Jobs
	h := func(f func(ctx *fasthttp.RequestCtx, jm *jobs.Manager)) fasthttp.RequestHandler {
		if jm == nil {
			return notImplemented("bulk jobs")
		}
		return func(ctx *fasthttp.RequestCtx) { f(ctx, jm) }
	}
	r := func(method, path string, f func(ctx *fasthttp.RequestCtx, jm *jobs.Manager)) route {
		rt := route{method: method, path: path, match: path, scope: ScopeJobs, upload: true, handler: h(f)}
		rt.pattern = strings.Contains(path, "{")
		return rt
	}
	return []route{
		r("POST", "/v1/jobs", s.jobCreate),
		r("GET", "/v1/jobs", s.jobList),
		r("GET", "/v1/jobs/{id}", s.jobGet),
		r("DELETE", "/v1/jobs/{id}", s.jobDelete),
		r("POST", "/v1/jobs/{id}/resume", s.jobResume),
		r("GET", "/v1/jobs/{id}/{file}", s.jobFile),
	}
}

// jobCaller is the request's API key as the jobs manager sees it.
func jobCaller(ctx *fasthttp.RequestCtx) jobs.Caller {
	name, admin := caller(ctx)
	return jobs.Caller{Name: name, Admin: admin}
}

// jobStatus is the HTTP status of a jobs.RequestError's code.
func jobStatus(code string) int {
	switch code {
	case codeBadRequest, codeBadJSON, codeInvalidUTF8:
		return fasthttp.StatusBadRequest
	case codeForbidden:
		return fasthttp.StatusForbidden
	case codeNotFound:
		return fasthttp.StatusNotFound
	case "conflict", "not_ready":
		return fasthttp.StatusConflict
	case codeBodyTooLarge:
		return fasthttp.StatusRequestEntityTooLarge
	case "quota_exceeded", codeDiskFull:
		return fasthttp.StatusInsufficientStorage
	}
	return fasthttp.StatusInternalServerError
}

// jobFailed answers err of a jobs.Manager call.
func (s *Server) jobFailed(ctx *fasthttp.RequestCtx, err error) {
	var re *jobs.RequestError
	switch {
	case errors.As(err, &re):
		writeError(ctx, jobStatus(re.Code), re.Code, re.Message)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		writeError(ctx, fasthttp.StatusGatewayTimeout, codeTimeout, "request deadline passed before the job was created (raise X-Request-Timeout or retry)")
	default:
		writeError(ctx, fasthttp.StatusInternalServerError, codeInternal, err.Error())
	}
}

// admitJob lets a request that starts a job's analysis through the admission queue: it
// takes the request's deadline and room for one text (waiting up to QueueWait, as any
// request does), answers 400/429/503 itself when it cannot, and gives the room back at
// once (the job's texts are admitted slice by slice as it runs).
func (s *Server) admitJob(ctx *fasthttp.RequestCtx) (context.Context, context.CancelFunc, bool) {
	rctx, cancel, ok := s.requestContext(ctx)
	if !ok {
		return nil, nil, false
	}
	deadline, _ := rctx.Deadline()
	if s.draining.Load() {
		cancel()
		s.runFailed(ctx, errClosed)
		return nil, nil, false
	}
	if err := s.b.admit(1, 0, deadline); err != nil {
		cancel()
		s.runFailed(ctx, err)
		return nil, nil, false
	}
	s.b.release(1, 0)
	return rctx, cancel, true
}

func (s *Server) jobCreate(ctx *fasthttp.RequestCtx, jm *jobs.Manager) {
	rctx, cancel, ok := s.admitJob(ctx)
	if !ok {
		return
	}
	defer cancel()
	var req jobs.Request
	d := jm.Draft()
	ct := string(ctx.Request.Header.ContentType())
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		form, err := ctx.MultipartForm()
		if err != nil {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadRequest, "multipart form: "+err.Error())
			return
		}
		defer ctx.Request.RemoveMultipartFormFiles()
		if v := form.Value["options"]; len(v) > 0 {
			if err := json.Unmarshal([]byte(v[0]), &req); err != nil {
				writeError(ctx, fasthttp.StatusBadRequest, codeBadJSON, "options field: "+err.Error())
				return
			}
		}
		for k, dst := range map[string]*string{"format": &req.Format, "text_field": &req.TextField, "id_field": &req.IDField, "industry_field": &req.IndustryField, "industry": &req.Industry, "time_field": &req.TimeField, "encoding": &req.Encoding, "industry_mode": &req.IndustryMode} {
			if v := form.Value[k]; len(v) > 0 {
				*dst = v[0]
			}
		}
		if v := form.Value["workers"]; len(v) > 0 {
			req.Workers, _ = strconv.Atoi(v[0])
		}
		req.Input = append(req.Input, form.Value["input"]...)
		for _, v := range form.Value["aspects"] {
			req.Aspects = append(req.Aspects, input.SplitList(v)...)
		}
		for _, f := range form.Value["field"] { // field=channel=渠道
			if req.Fields == nil {
				req.Fields = map[string]string{}
			}
			k, v, _ := strings.Cut(f, "=")
			req.Fields[k] = v
		}
		var incoming int64
		for _, fhs := range form.File {
			for _, fh := range fhs {
				incoming += fh.Size
			}
		}
		if incoming > 0 {
			if err := d.Room(incoming); err != nil {
				s.jobFailed(ctx, err)
				return
			}
		}
		for _, fhs := range form.File {
			for _, fh := range fhs {
				if err := d.SaveUpload(fh); err != nil {
					d.Discard()
					s.jobFailed(ctx, err)
					return
				}
			}
		}
	case strings.HasPrefix(ct, "application/json") || ct == "":
		if msg := textcheck.BadText(ctx.PostBody()); msg != "" { // never U+FFFD in a path or field name
			writeError(ctx, fasthttp.StatusBadRequest, codeInvalidUTF8, "body: "+msg)
			return
		}
		if err := json.Unmarshal(ctx.PostBody(), &req); err != nil {
			writeError(ctx, fasthttp.StatusBadRequest, codeBadJSON, "body: "+err.Error())
			return
		}
	default:
		// A raw upload: the body is the file; options in the query string.
		q := ctx.QueryArgs()
		req.Format, req.TextField, req.IDField = string(q.Peek("format")), string(q.Peek("text_field")), string(q.Peek("id_field"))
		req.IndustryField, req.Industry = string(q.Peek("industry_field")), string(q.Peek("industry"))
		req.Workers, _ = q.GetUint("workers")
		req.TimeField = string(q.Peek("time_field"))
		req.Encoding = string(q.Peek("encoding"))
		req.IndustryMode = string(q.Peek("industry_mode"))
		for _, v := range q.PeekMulti("aspects") { // aspects=屏幕|电池
			req.Aspects = append(req.Aspects, input.SplitList(string(v))...)
		}
		for _, f := range q.PeekMulti("field") { // field=channel=渠道
			if req.Fields == nil {
				req.Fields = map[string]string{}
			}
			k, v, _ := strings.Cut(string(f), "=")
			req.Fields[k] = v
		}
		if err := d.SaveRaw(string(q.Peek("filename")), ct, req.Format, ctx.PostBody()); err != nil {
			s.jobFailed(ctx, err)
			return
		}
	}
	v, err := jm.Create(rctx, d, req, jobCaller(ctx))
	if err != nil {
		s.jobFailed(ctx, err)
		return
	}
	ctx.Response.Header.Set("Location", "/v1/jobs/"+v.ID)
	writeJSON(ctx, fasthttp.StatusAccepted, v)
}

func (s *Server) jobList(ctx *fasthttp.RequestCtx, jm *jobs.Manager) {
	writeJSON(ctx, fasthttp.StatusOK, map[string]any{"jobs": jm.List(jobCaller(ctx))})
}

// jobID is the {id} segment of /v1/jobs/{id}….
func jobID(ctx *fasthttp.RequestCtx) string {
	rest, _ := strings.CutPrefix(string(ctx.Path()), "/v1/jobs/")
	id, _, _ := strings.Cut(rest, "/")
	return id
}

func (s *Server) jobGet(ctx *fasthttp.RequestCtx, jm *jobs.Manager) {
	v, err := jm.Get(jobID(ctx), jobCaller(ctx))
	if err != nil {
		s.jobFailed(ctx, err)
		return
	}
	writeJSON(ctx, fasthttp.StatusOK, v)
}

func (s *Server) jobDelete(ctx *fasthttp.RequestCtx, jm *jobs.Manager) {
	id := jobID(ctx)
	cancelled, err := jm.Delete(id, jobCaller(ctx))
	switch {
	case err != nil:
		s.jobFailed(ctx, err)
	case cancelled:
		writeJSON(ctx, fasthttp.StatusAccepted, map[string]string{"id": id, "status": "cancelling"})
	default:
		writeJSON(ctx, fasthttp.StatusOK, map[string]string{"id": id, "status": "deleted"})
	}
}

func (s *Server) jobResume(ctx *fasthttp.RequestCtx, jm *jobs.Manager) {
	if _, err := jm.Get(jobID(ctx), jobCaller(ctx)); err != nil { // 404 before 429: an unknown job is not busy
		s.jobFailed(ctx, err)
		return
	}
	_, cancel, ok := s.admitJob(ctx)
	if !ok {
		return
	}
	defer cancel()
	v, err := jm.Resume(jobID(ctx), jobCaller(ctx))
	if err != nil {
		s.jobFailed(ctx, err)
		return
	}
	writeJSON(ctx, fasthttp.StatusAccepted, v)
}

func (s *Server) jobFile(ctx *fasthttp.RequestCtx, jm *jobs.Manager) {
	path := string(ctx.Path())
	what := path[strings.LastIndexByte(path, '/')+1:]
	f, size, ctype, err := jm.File(jobID(ctx), what, jobCaller(ctx))
	if err != nil {
		s.jobFailed(ctx, err)
		return
	}
	ctx.SetStatusCode(fasthttp.StatusOK)
	ctx.SetContentType(ctype)
	ctx.SetBodyStream(f, int(size)) // fasthttp closes it after sending
}
