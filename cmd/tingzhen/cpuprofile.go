package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// cpuProfileFlag registers --cpuprofile on fs: a Go CPU profile of the command written to
// FILE (go tool pprof FILE), for finding where analyze spends its time.
func cpuProfileFlag(fs *flag.FlagSet) *string {
	return fs.String("cpuprofile", "", "write a Go CPU profile of the run to this file (go tool pprof)")
}

// startCPUProfile starts the profile named by path ("" does nothing) and returns the
// function that stops it and closes the file.
func startCPUProfile(path string, stderr io.Writer) (stop func(), ok bool) {
	if path == "" {
		return func() {}, true
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen: --cpuprofile: %v\n", err)
		return nil, false
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "tingzhen: --cpuprofile: %v\n", err)
		return nil, false
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, true
}
