package main

import (
	"flag"

	"github.com/tingzhen/tingzhen/mention"
)

// registerPlacer adds --placer to a bench command: "" leaves the policy's default, "off" turns
// the mention placer off, "on" takes the embedded one, anything else is a placer file (a
// candidate of training/train_placer.py).
func registerPlacer(fs *flag.FlagSet) *string {
	return fs.String("placer", "", "mention placer of the mention policy: on (the embedded mention/placer/weights.json), off, or a placer JSON file (default: the policy's default)")
}

// placerPolicy applies --placer to p (nil: the default policy); it returns p unchanged when v
// is "".
func placerPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	return modelPolicy(p, "placer", v, mention.DefaultPlacer, mention.ParsePlacer, // bench_arbiter.go
		func(p *mention.Policy, pl *mention.Placer) { p.Placer = pl })
}
