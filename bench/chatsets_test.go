package bench

import (
	"path/filepath"
	"testing"
)

// The labelled chat-turn sets (bench/testdata/chat_turns.md) keep apart: no normalised text
// (NormKey) is in two of them or twice in one, and no session of the held-out test set or of
// the validation set dev3 is in any other set. chat_turns_train2.jsonl (training data only) may
// share sessions with dev and dev2, themselves training data of sentiment-chat v2; its texts
// are also none of chat_turns_adapt_train.jsonl's (dev and dev2 as the engine feeds the model).
// chat_turns_dev4.jsonl (session 15) is drawn from the dev side's sessions of the split only, which
// dev, dev2, dev3 and train2 (used-up tuning sets by then) drew from too: it may share sessions with
// them, never with test; it holds the whole dev-side pool that was left (165 turns).
// training/chat_turns_check.py checks the same and more (labels, kinds, sentiment-zh's data).
func TestChatTurnSetsDisjoint(t *testing.T) {
	names := []string{"dev", "dev2", "dev3", "dev4", "test", "train2"}
	mayShare := map[[2]string]bool{{"dev", "train2"}: true, {"dev2", "train2"}: true,
		{"dev", "dev4"}: true, {"dev2", "dev4"}: true, {"dev3", "dev4"}: true, {"dev4", "train2"}: true}
	atLeast := map[string]int{"dev4": 160}
	keyAt := map[string]string{}
	sessionIn := map[string]map[string]bool{}
	for _, name := range names {
		turns, err := LoadChatTurns(filepath.Join("testdata", "chat_turns_"+name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		want := 200
		if n, ok := atLeast[name]; ok {
			want = n
		}
		if len(turns) < want {
			t.Errorf("chat_turns_%s: %d turns, want at least %d", name, len(turns), want)
		}
		for _, tu := range turns {
			k := NormKey(tu.Text)
			if at, ok := keyAt[k]; ok {
				t.Errorf("%s: its text is also %s", tu.ID, at)
			}
			keyAt[k] = tu.ID
			if sessionIn[tu.Session] == nil {
				sessionIn[tu.Session] = map[string]bool{}
			}
			sessionIn[tu.Session][name] = true
		}
	}
	for s, in := range sessionIn {
		for _, a := range names {
			for _, b := range names {
				if a < b && in[a] && in[b] && !mayShare[[2]string{a, b}] {
					t.Errorf("session %s is in both chat_turns_%s and chat_turns_%s", s, a, b)
				}
			}
		}
	}
	for k, text := range handTexts(t, filepath.Join("testdata", "chat_turns_adapt_train.jsonl")) {
		if at, ok := keyAt[k]; ok && len(at) > 7 && at[:7] == "train2-" {
			t.Errorf("%s: its text is also in chat_turns_adapt_train.jsonl (%q)", at, text)
		}
	}
}
