package server

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/recorderr"
)

// Error codes of the JSON error shape {"error":{"code","message"}}.
const (
	codeBadRequest      = "bad_request"
	codeBadJSON         = string(recorderr.BadJSON) // was invalid_json (one error, one name)
	codeInvalidUTF8     = "invalid_utf8"
	codeTextTooLong     = "text_too_long"
	codeTooManyItems    = "too_many_items"
	codeBatchTooLarge   = "batch_too_large"
	codeBodyTooLarge    = "body_too_large"
	codeUnsupportedType = "unsupported_media_type"
	codeHeaderTooLarge  = "header_too_large"
	codeUnauthorized    = "unauthorized"
	codeForbidden       = "forbidden"
	codeNotFound        = "not_found"
	codeMethod          = "method_not_allowed"
	codeOverloaded      = "overloaded"
	codeTimeout         = "timeout"
	codeRequestTimeout  = "request_timeout"
	codeUnavailable     = "unavailable"
	codeNotImplemented  = "not_implemented"
	codeInternal        = "internal"
)

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
}

// writeError answers status with the JSON error shape, carrying the request's id.
func writeError(ctx *fasthttp.RequestCtx, status int, code, message string) {
	writeJSON(ctx, status, errorBody{Error: errorDetail{Code: code, Message: message, RequestID: requestID(ctx)}})
}

// writeJSON answers status with v encoded as JSON (HTML left unescaped: Chinese text and
// "<" stay readable). SetBody copies the bytes, so nothing refers to our buffer afterwards.
func writeJSON(ctx *fasthttp.RequestCtx, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":` + strconv.Quote("encode response: "+err.Error()) + `}}` + "\n")
		status = fasthttp.StatusInternalServerError
	}
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json; charset=utf-8")
	ctx.SetBody(buf.Bytes())
}
