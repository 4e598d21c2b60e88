package main

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/tingzhen/tingzhen/insights"
)

// dimFlag collects --field DIM=COLUMN (job run).
type dimFlag map[string]string

func (d dimFlag) String() string {
	var xs []string
	for k, v := range d {
		xs = append(xs, k+"="+v)
	}
	sort.Strings(xs)
	return strings.Join(xs, ",")
}

func (d dimFlag) Set(v string) error {
	k, col, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(col) == "" {
		return fmt.Errorf("want DIM=COLUMN (e.g. channel=渠道), got %q", v)
	}
	d[strings.TrimSpace(k)] = strings.TrimSpace(col)
	return nil
}

// voiceFlags are the event time, dimensions and role of one text (analyze "一段文字").
type voiceFlags struct {
	id, when, role string
	dims           insights.Dims
	tags           multiFlag
}

func (v *voiceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&v.id, "id", "", "record id of the text: the counters count one id once (default: a hash of the text, time and dims, so the same text is counted once)")
	fs.StringVar(&v.role, "role", "", "who speaks: customer (default), agent or system (agents' and system text is never counted)")
	v.registerDims(fs, "the text")
}

// registerDims registers --time and the dimension flags.
func (v *voiceFlags) registerDims(fs *flag.FlagSet, what string) {
	fs.StringVar(&v.when, "time", "", "event time of "+what+": 2024-11-03, 2024-11-03 14:05, RFC 3339, 2024年11月3日 … (default: now)")
	fs.StringVar(&v.dims.Channel, "channel", "", "channel of the text (app, 400热线, 京东 …)")
	fs.StringVar(&v.dims.Brand, "brand", "", "brand the text is about")
	fs.StringVar(&v.dims.Product, "product", "", "product")
	fs.StringVar(&v.dims.Store, "store", "", "store / shop")
	fs.StringVar(&v.dims.Region, "region", "", "region")
	fs.StringVar(&v.dims.Segment, "segment", "", "customer segment")
	fs.Var(&v.tags, "tag", "free tag (repeatable)")
}

func (v *voiceFlags) value() insights.Dims {
	d := v.dims
	d.Tags = []string(v.tags)
	return d
}
