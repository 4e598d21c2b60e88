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

// TestBenchChatSentimentModel: `bench accuracy --chat` scores the chat turns with the chat
// sentiment model (--chat-sentiment-model, default sentiment-chat: every turn has a role);
// naming the shipped folder by path gives the same report as no flag, "-" reads the turns
// with the sentiment model (the report names it), and a folder that does not exist fails
// with its name, for either flag.
func TestBenchChatSentimentModel(t *testing.T) {
	chat := "../../bench/testdata/chat_turns_dev.jsonl"
	code, base, stderr := runBench(t, "accuracy", "--chat", chat, "--misses", "3")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(base, "| sentiment-chat ") {
		t.Errorf("the default report does not name sentiment-chat:\n%s", base)
	}
	code, same, stderr := runBench(t, "accuracy", "--chat", chat, "--misses", "3", "--chat-sentiment-model", "../../models/sentiment-chat")
	if code != exitOK {
		t.Fatalf("--chat-sentiment-model ../../models/sentiment-chat: exit %d\n%s", code, stderr)
	}
	if same != base {
		t.Errorf("the shipped folder by path gave another report:\n%s\nwant\n%s", same, base)
	}
	code, off, stderr := runBench(t, "accuracy", "--chat", chat, "--misses", "3", "--chat-sentiment-model", "-")
	if code != exitOK || !strings.Contains(off, "| sentiment-zh ") || off == base {
		t.Errorf("--chat-sentiment-model -: exit %d, stderr %q; want a report of sentiment-zh that differs:\n%s", code, stderr, off)
	}
	for _, flag := range []string{"--sentiment-model", "--chat-sentiment-model"} {
		code, _, stderr = runBench(t, "accuracy", "--chat", chat, flag, "./no-such-model-folder")
		if code == exitOK || !strings.Contains(stderr, "no-such-model-folder") {
			t.Errorf("%s of a missing folder: exit %d, stderr %q; want a failure naming the folder", flag, code, stderr)
		}
	}
}
