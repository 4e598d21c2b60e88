package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runBench runs `tingzhen bench SUB --home ../.. --threads 1 ARGS...` (the bench subcommand
// parses the flags after its own name, so runCLI's placement does not fit).
func runBench(t *testing.T, sub string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"bench", sub, "--home", "../..", "--threads", "1"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// TestBenchChatSentimentModel: `bench accuracy --chat --sentiment-model DIR` scores the chat
// turns with that folder (a candidate model); naming the shipped folder by path gives the same
// report as no flag, and a folder that does not exist fails with its name.
func TestBenchChatSentimentModel(t *testing.T) {
	chat := "../../bench/testdata/chat_turns_dev.jsonl"
	code, base, stderr := runBench(t, "accuracy", "--chat", chat, "--misses", "3")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	code, same, stderr := runBench(t, "accuracy", "--chat", chat, "--misses", "3", "--sentiment-model", "../../models/sentiment-zh")
	if code != exitOK {
		t.Fatalf("--sentiment-model ../../models/sentiment-zh: exit %d\n%s", code, stderr)
	}
	if same != base {
		t.Errorf("the shipped folder by path gave another report:\n%s\nwant\n%s", same, base)
	}
	code, _, stderr = runBench(t, "accuracy", "--chat", chat, "--sentiment-model", "./no-such-model-folder")
	if code == exitOK || !strings.Contains(stderr, "no-such-model-folder") {
		t.Errorf("a missing folder: exit %d, stderr %q; want a failure naming the folder", code, stderr)
	}
}
