package main

import (
	"context"

	"github.com/tingzhen/tingzhen/engine"
)

// exitingKey marks a context whose command runs in a process that exits when the command
// returns (main), as opposed to run called by a test, which goes on.
type exitingKey struct{}

// exitingContext marks ctx as belonging to a process that exits after the command.
func exitingContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, exitingKey{}, true)
}

// closeEngine closes e at the end of a command: without freeing jieba (engine.CloseForExit,
// about 0.17 s saved) when the process exits right after, with Close otherwise.
func closeEngine(ctx context.Context, e *engine.Engine) error {
	if exiting, _ := ctx.Value(exitingKey{}).(bool); exiting {
		return e.CloseForExit()
	}
	return e.Close()
}
