package main

import (
	"flag"
	"fmt"

	"github.com/tingzhen/tingzhen/mention"
)

// registerMedia adds --media to a bench command: "" leaves the policy's Policy.MediaPlace and
// Policy.VerifierKeep; "on" sets them to mention.DefaultMediaPlace and
// mention.DefaultVerifierKeep (session 15, place15: media reviews on 商品质量, product-noun
// mentions kept from the verifier); "off" clears them.
func registerMedia(fs *flag.FlagSet) *string {
	return fs.String("media", "", "media reviews placed on 商品质量 and product-noun mentions kept from the verifier (mention.Policy.MediaPlace, VerifierKeep): on or off (default: the policy's)")
}

// mediaPolicy applies --media to p (nil: the default policy); it returns p unchanged when v
// is "".
func mediaPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	if v == "" {
		return p, nil
	}
	if v != "on" && v != "off" {
		return nil, fmt.Errorf("--media %q: want on or off", v)
	}
	p = policyOrDefault(p)
	p.MediaPlace, p.VerifierKeep = nil, nil
	if v == "on" {
		p.MediaPlace, p.VerifierKeep = mention.DefaultMediaPlace(), mention.DefaultVerifierKeep()
	}
	return p, nil
}
