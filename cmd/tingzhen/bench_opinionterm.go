package main

import (
	"flag"
	"fmt"

	"github.com/tingzhen/tingzhen/mention"
)

// registerOpinionTerm adds --opinion-term to a bench command: "" leaves the policy's
// Policy.OpinionTerm; "on" sets mention.DefaultOpinionTermPolicy() (InnerSubject and Fold,
// session 16, aste16: a graph term inside another mention's opinion); "off" clears both.
func registerOpinionTerm(fs *flag.FlagSet) *string {
	return fs.String("opinion-term", "", "a graph term inside another mention's opinion is a word of it (mention.Policy.OpinionTerm: InnerSubject, Fold): on or off (default: the policy's)")
}

// opinionTermPolicy applies --opinion-term to p (nil: the default policy); it returns p
// unchanged when v is "".
func opinionTermPolicy(p *mention.Policy, v string) (*mention.Policy, error) {
	if v == "" {
		return p, nil
	}
	if v != "on" && v != "off" {
		return nil, fmt.Errorf("--opinion-term %q: want on or off", v)
	}
	p = policyOrDefault(p)
	p.OpinionTerm = mention.OpinionTermPolicy{}
	if v == "on" {
		p.OpinionTerm = mention.DefaultOpinionTermPolicy()
	}
	return p, nil
}
