package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tingzhen/tingzhen/jobs"
	"github.com/tingzhen/tingzhen/jobs/input"
	"github.com/tingzhen/tingzhen/mention"
)

// inputFlags are the flags that say which files a bulk job reads and how it turns them into
// records: the same for `job run` and `job submit` (the jobs.Spec fields they fill).
type inputFlags struct {
	inputs                                              multiFlag
	format, textField, idField, industryField, industry *string
	industryMode, timeField, encoding                   *string
	fields                                              dimFlag
	aspects                                             aspectFlag
}

// register adds the flags to fs; industryMode is the --industry-mode default and its help.
func (f *inputFlags) register(fs *flag.FlagSet, industryMode, industryModeHelp string) {
	fs.Var(&f.inputs, "input", "input file, glob or directory (repeatable; several paths may follow one --input)")
	f.format = fs.String("format", "auto", "input format: auto, jsonl, csv, tsv, txt or transcript")
	f.textField = fs.String("text-field", "", "JSON key / CSV column of the text (default: text, content, review, comment, 内容, 评论 …)")
	f.idField = fs.String("id-field", "", "JSON key / CSV column of the record id (default: id when present, else file:line)")
	f.industryField = fs.String("industry-field", "", "JSON key / CSV column of a per-record industry (default industry)")
	f.industry = fs.String("industry", "", "industry for records that name none (default: inferred, see --industry-mode)")
	f.industryMode = fs.String("industry-mode", industryMode, industryModeHelp)
	f.timeField = fs.String("time-field", "", "JSON key / CSV column of the event time, e.g. 日期 (default: time, date, created_at, 日期, 时间 … when present); records count on their own day")
	f.fields = dimFlag{}
	fs.Var(f.fields, "field", "DIM=COLUMN: read a dimension from a key / column, e.g. --field channel=渠道 --field brand=品牌 (repeatable; DIM is channel, brand, product, store, region, segment or tags; default: columns of those names, 渠道, 品牌, 商品, 门店/店铺, 区域, 客群, 标签)")
	fs.Var(&f.aspects, "aspect", `aspect terms to report for every record, separated by , ， 、 or | (屏幕,电池; repeatable): each occurrence gets one mention of source "named"; added to a record's own (an "aspects" JSON array, or an aspects column listing terms separated by | , ; 、 ， or ；)`)
	f.encoding = fs.String("encoding", "auto", "input encoding: auto (each file is read whole once, on line boundaries, and decoded as GBK/GB18030 when its lines need it; a file mixing both is refused with mixed_encoding), utf-8, gbk or gb18030")
}

// check validates the flags after parsing (the positional arguments are inputs too); false
// means a usage error, already written to stderr.
func (f *inputFlags) check(fs *flag.FlagSet, stderr io.Writer) bool {
	f.inputs = append(f.inputs, fs.Args()...)
	if err := input.CheckFields(f.fields); err != nil {
		fmt.Fprintf(stderr, "tingzhen: %v\n", err)
		return false
	}
	mp := mention.DefaultPolicy()
	if _, err := mp.ParseIndustryMode(*f.industryMode); err != nil {
		fmt.Fprintf(stderr, "tingzhen: --industry-mode: %v\n", err)
		return false
	}
	if _, err := input.ParseEncoding(*f.encoding); err != nil {
		fmt.Fprintf(stderr, "tingzhen: --encoding: %v\n", err)
		return false
	}
	if err := (jobs.Spec{Aspects: f.aspects}).CheckAspects(); err != nil {
		fmt.Fprintf(stderr, "tingzhen: --aspect: %v\n", err)
		return false
	}
	return true
}

// spec is the jobs.Spec of these flags (the caller adds the rest).
func (f *inputFlags) spec() jobs.Spec {
	return jobs.Spec{Inputs: f.inputs, Format: *f.format, TextField: *f.textField, IDField: *f.idField,
		IndustryField: *f.industryField, Industry: *f.industry, IndustryMode: *f.industryMode,
		TimeField: *f.timeField, Fields: f.fields, Encoding: *f.encoding, Aspects: f.aspects}
}
