package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestParseFlagsInterspersed: flags are taken before, between and after the positional
// arguments; "--" ends the flags; a bad flag after the text is a usage error.
func TestParseFlagsInterspersed(t *testing.T) {
	f := func(args []string, wantPos []string, wantIndustry string, wantPretty bool, wantOK bool) {
		t.Helper()
		fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
		industry := fs.String("industry", "", "")
		pretty := fs.Bool("pretty", false, "")
		ok, code := parseFlags(fs, args, io.Discard)
		if ok != wantOK {
			t.Fatalf("%q: ok %v (exit %d), want %v", args, ok, code, wantOK)
		}
		if !ok {
			if code != exitUsage {
				t.Fatalf("%q: exit %d, want %d", args, code, exitUsage)
			}
			return
		}
		if pos := fs.Args(); !reflect.DeepEqual(pos, wantPos) && !(len(pos) == 0 && len(wantPos) == 0) {
			t.Fatalf("%q: positional %q, want %q", args, pos, wantPos)
		}
		if *industry != wantIndustry || *pretty != wantPretty {
			t.Fatalf("%q: industry %q pretty %v, want %q %v", args, *industry, *pretty, wantIndustry, wantPretty)
		}
	}
	f([]string{"很好"}, []string{"很好"}, "", false, true)
	f([]string{"--industry", "banking", "很好"}, []string{"很好"}, "banking", false, true)
	f([]string{"很好", "--industry", "banking"}, []string{"很好"}, "banking", false, true)
	f([]string{"很好", "--industry=banking", "--pretty"}, []string{"很好"}, "banking", true, true)
	f([]string{"物流", "--pretty", "太慢了"}, []string{"物流", "太慢了"}, "", true, true)
	f([]string{"-", "--industry", "telecom"}, []string{"-"}, "telecom", false, true)
	f([]string{"--industry", "banking", "--", "-5分", "--pretty"}, []string{"-5分", "--pretty"}, "banking", false, true)
	f([]string{"很好", "--", "--industry"}, []string{"很好", "--industry"}, "", false, true)
	f([]string{}, nil, "", false, true)
	f([]string{"很好", "--no-such-flag"}, nil, "", false, false)
	f([]string{"很好", "--industry"}, nil, "", false, false)
	f([]string{"-5分"}, nil, "", false, false)
}

// TestFlagsAfterArgs: every subcommand that takes positional arguments reads a flag that
// follows them as a flag: an unknown one is a usage error naming it (before, `analyze` and
// `segment` took it as part of the text); --help after the text prints the help.
func TestFlagsAfterArgs(t *testing.T) {
	f := func(args []string, wantCode int, wantStderr string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), args, &out, &errb)
		if code != wantCode || !strings.Contains(errb.String(), wantStderr) {
			t.Fatalf("%q: exit %d, stderr %q; want exit %d and %q", args, code, errb.String(), wantCode, wantStderr)
		}
	}
	const bad = "flag provided but not defined: -no-such-flag"
	f([]string{"analyze", "很好", "--no-such-flag"}, exitUsage, bad)
	f([]string{"analyze", "很好", "--industry", "banking", "--no-such-flag"}, exitUsage, bad)
	f([]string{"segment", "南京市长江大桥", "--no-such-flag"}, exitUsage, bad)
	f([]string{"transcript", "analyze", "call.json", "--no-such-flag"}, exitUsage, bad)
	f([]string{"job", "run", "in.jsonl", "--no-such-flag"}, exitUsage, bad)
	f([]string{"kg", "add-term", "取款机", "--no-such-flag"}, exitUsage, bad)
	f([]string{"tasks", "show", "t1", "--no-such-flag"}, exitUsage, bad)
	f([]string{"analyze", "很好", "--help"}, exitOK, "Usage: tingzhen analyze")
	f([]string{"segment", "很好", "-h"}, exitOK, "-home")
}

// TestAnalyzeFlagAfterText: `tingzhen analyze "很好" --industry banking` analyses 「很好」 as
// banking, not the text 「很好 --industry banking」.
func TestAnalyzeFlagAfterText(t *testing.T) {
	code, out, stderr := runCLI(t, "analyze", "很好", "--industry", "banking")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Sentences []struct{ Text string }
		Industry  struct {
			ID       string
			Inferred bool
		}
		Sentiment struct{ Label string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, s := range r.Sentences {
		text += s.Text
	}
	if text != "很好" || r.Industry.ID != "banking" || r.Industry.Inferred || r.Sentiment.Label != "positive" {
		t.Fatalf("text %q industry %+v sentiment %q; want 很好, banking (given), positive", text, r.Industry, r.Sentiment.Label)
	}
}

// TestVersionFlag: --version and -v print the first lines of `tingzhen version` (the build
// and the device lines) without loading models.
func TestVersionFlag(t *testing.T) {
	code, full, stderr := runCLI(t, "version")
	if code != exitOK {
		t.Fatalf("version: exit %d: %s", code, stderr)
	}
	lines := strings.SplitAfter(full, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "tingzhen ") || !strings.HasPrefix(lines[1], "devices ") ||
		!strings.Contains(lines[1], "cpu (CPUExecutionProvider): available") || !strings.Contains(lines[2], "cuda (CUDAExecutionProvider): ") {
		t.Fatalf("version output does not start with the build and device lines:\n%s", full)
	}
	head := lines[0] + lines[1] + lines[2]
	f := func(arg string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{arg}, &out, &errb); code != exitOK || out.String() != head || errb.Len() != 0 {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q; want %q", arg, code, out.String(), errb.String(), head)
		}
	}
	f("--version")
	f("-version")
	f("-v")
}

// TestSubcommandHelp: each subcommand's --help lists its own flags first, then only the
// engine flags that change what it does; a value given before --help is not shown as the
// default.
func TestSubcommandHelp(t *testing.T) {
	f := func(args []string, want, notWant []string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb); code != exitOK {
			t.Fatalf("%q: exit %d: %s", args, code, errb.String())
		}
		help := out.String() + errb.String()
		eng := strings.Index(help, "Engine flags")
		if eng < 0 {
			t.Fatalf("%q: no engine flags section:\n%s", args, help)
		}
		for _, w := range want {
			i := strings.Index(help, "\n  -"+w+" ")
			if i < 0 {
				i = strings.Index(help, "\n  -"+w+"\n")
			}
			if i < 0 {
				t.Fatalf("%q: -%s missing from help:\n%s", args, w, help)
			}
			if own := !isEngineFlag(w); own != (i < eng) {
				t.Fatalf("%q: -%s in the wrong section (own flag: %v):\n%s", args, w, own, help)
			}
		}
		for _, n := range notWant { // a flag name, or a "(text)" that must not appear
			if strings.Contains(help, "\n  -"+n+" ") || strings.Contains(help, "\n  -"+n+"\n") || n[0] == '(' && strings.Contains(help, n) {
				t.Fatalf("%q: %s should not be in help:\n%s", args, n, help)
			}
		}
	}
	f([]string{"segment", "--help"}, []string{"home", "ort-lib", "cache-dir", "repair-utf8"}, []string{"no-aspects", "polarity-model", "threads", "batch", "device", "max-text-bytes", "time-zone"})
	f([]string{"version", "--help"}, []string{"home", "ort-lib", "device", "no-aspects", "polarity-model"}, []string{"threads", "batch", "max-text-bytes", "repair-utf8", "time-zone"})
	f([]string{"analyze", "--help"}, []string{"input", "industry", "record", "data", "home", "threads", "no-aspects", "time-zone"}, nil)
	f([]string{"analyze", "--industry", "banking", "--help"}, []string{"industry"}, []string{`(default "banking")`})
	f([]string{"transcript", "analyze", "--help"}, []string{"format", "audio", "home", "device"}, nil)
	f([]string{"job", "run", "--help"}, []string{"input", "output", "workers", "home", "threads"}, nil)
}
