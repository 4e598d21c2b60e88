package server

import (
	"errors"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/diskspace"
)

// codeInsufficientStorage answers a write refused because the store's disk is under its
// reserve (--min-free-disk); reads keep working.
const codeInsufficientStorage = "insufficient_storage"

// storeFull answers 507 Insufficient Storage, in one sentence without the server's paths,
// when err is a store write refused for lack of disk space (errors.Is diskspace.ErrLow),
// and reports whether it did.
func storeFull(ctx *fasthttp.RequestCtx, err error) bool {
	if !errors.Is(err, diskspace.ErrLow) {
		return false
	}
	writeError(ctx, fasthttp.StatusInsufficientStorage, codeInsufficientStorage, diskspace.Public(err))
	return true
}
