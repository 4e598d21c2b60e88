package main

import (
	"flag"
	"fmt"
	"io"
)

// isEngineFlag reports whether name is one of engineFlags.register's flags.
func isEngineFlag(name string) bool {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	var ef engineFlags
	ef.register(fs)
	return fs.Lookup(name) != nil
}

// printFlags writes a command's help flags in two groups: its own flags (after the caller's
// "Flags:" heading), then the engine
// flags (model loading and inference) it uses. Engine flags named in unused are left out of
// the help: they are still accepted (scripts that pass them keep working) but change nothing
// in that command's output.
func printFlags(fs *flag.FlagSet, unused ...string) {
	skip := map[string]bool{}
	for _, n := range unused {
		skip[n] = true
	}
	own := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	eng := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		dst := own
		if isEngineFlag(f.Name) {
			if skip[f.Name] {
				return
			}
			dst = eng
		}
		dst.Var(f.Value, f.Name, f.Usage)
		dst.Lookup(f.Name).DefValue = f.DefValue // the default, not a value parsed before --help
	})
	w := fs.Output()
	own.SetOutput(w)
	eng.SetOutput(w)
	own.PrintDefaults()
	fmt.Fprintln(w, "\nEngine flags (where models, packs and the ONNX Runtime library are, and how they run):")
	eng.PrintDefaults()
}

// usageFunc returns a flag.FlagSet Usage that prints head, then printFlags.
func usageFunc(fs *flag.FlagSet, head string, unused ...string) func() {
	return func() {
		io.WriteString(fs.Output(), head)
		printFlags(fs, unused...)
	}
}
