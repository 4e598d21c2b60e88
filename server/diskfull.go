package server

import (
	"errors"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/diskspace"
)

// codeDiskFull answers a write refused because the disk is under its reserve
// (--min-free-disk); reads keep working. The jobs routes answer the same code for an upload
// (it was insufficient_storage here, disk_full there: one error, one name).
const codeDiskFull = "disk_full"

// storeFull answers 507 Insufficient Storage, in one sentence without the server's paths,
// when err is a store write refused for lack of disk space (errors.Is diskspace.ErrLow),
// and reports whether it did.
func storeFull(ctx *fasthttp.RequestCtx, err error) bool {
	if !errors.Is(err, diskspace.ErrLow) {
		return false
	}
	writeError(ctx, fasthttp.StatusInsufficientStorage, codeDiskFull, diskspace.Public(err))
	return true
}
