package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tingzhen/tingzhen/feeling"
	"github.com/tingzhen/tingzhen/model"
)

// TestConversational: the one rule that sends a text to the chat sentiment model.
func TestConversational(t *testing.T) {
	f := func(in Input, want bool) {
		t.Helper()
		if got := Conversational(in); got != want {
			t.Fatalf("Conversational(role %q, %q) = %v, want %v", in.Role, in.Text, got, want)
		}
	}
	f(Input{Text: "物流太慢了，包装倒是很结实"}, false) // a review: no role
	f(Input{Text: "请问什么时候发货", Role: RoleCustomer}, true)
	f(Input{Text: "亲，已经为您催促仓库了", Role: RoleAgent}, true)
	f(Input{Text: "[订单编号:[订单x]，订单金额:[金额x]]", Role: RoleSystem}, true)
	f(Input{Text: "没有啦😊", Role: RoleCustomer, SentimentOnly: true}, true)
}

// chatEngine builds an engine with only the sentiment models (no aspect, category or
// polarity model) and the given chat model setting.
func chatEngine(t *testing.T, cfg Config) *Engine {
	t.Helper()
	cfg.Home, cfg.IntraOpThreads, cfg.CacheDir = "..", 1, os.TempDir()+"/tingzhen-test-cache"
	cfg.AspectModel, cfg.CategoryModel, cfg.PolarityModel = "-", "-", "-"
	e, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// probsOf runs m alone on the text the engine gives it (feeling.ModelText).
func probsOf(t *testing.T, m *model.Model, text string) map[string]float64 {
	t.Helper()
	ps, err := m.Probs(context.Background(), []string{feeling.ModelText(text)}, 16, 1024)
	if err != nil {
		t.Fatal(err)
	}
	return sentimentFrom(ps[0]).Probs
}

// TestChatModelRouting: in one Analyze call, turns with a role get the chat model's
// probabilities and texts without one the sentiment model's, in input order.
func TestChatModelRouting(t *testing.T) {
	e := testEngine
	if e.chatSentiment == nil {
		t.Skip("models/sentiment-chat is not installed")
	}
	texts := []string{"物流太慢了，等了一个星期", "请问什么时候发货", "质量很好，下次还来", "这件衣服颜色有点偏暗"} // texts no turn rule decides (怎么回事 is a turn cue since dev2)
	var in []Input
	for i, s := range texts {
		in = append(in, Input{Text: s, NoKeywords: true, NoRecord: true, SentimentOnly: true})
		role := RoleCustomer
		if i%2 == 1 {
			role = RoleAgent
		}
		in = append(in, Input{Text: s, Role: role, NoKeywords: true, NoRecord: true, SentimentOnly: true})
	}
	res := analyze(t, in...)
	differ := false
	for i, r := range res {
		m := e.sentiment
		if Conversational(in[i]) {
			m = e.chatSentiment
		}
		want := probsOf(t, m, in[i].Text)
		for k, p := range want {
			if r.Sentiment.Probs[k] != p {
				t.Fatalf("%q role %q: %s %v, want %v (model %s)", in[i].Text, in[i].Role, k, r.Sentiment.Probs[k], p, m.Name())
			}
		}
		if i%2 == 1 && r.Sentiment.Probs["neutral"] != res[i-1].Sentiment.Probs["neutral"] {
			differ = true
		}
	}
	if !differ {
		t.Fatal("the chat model and the sentiment model gave the same probabilities on every text: is the chat model loaded?")
	}
	if v := e.Versions()["chat_sentiment_model"]; !strings.HasPrefix(v, "sentiment-chat ") {
		t.Fatalf("Versions chat_sentiment_model = %q", v)
	}
}

// TestChatModelConfig: "-" and an absent default folder run without a chat model (turns
// read by the sentiment model); a named folder that is absent is an error naming it; an
// absolute path loads that folder.
func TestChatModelConfig(t *testing.T) {
	off := chatEngine(t, Config{ChatSentimentModel: "-"})
	if off.chatSentiment != nil {
		t.Fatal(`ChatSentimentModel "-": a chat model was loaded`)
	}
	r, err := off.AnalyzeOne(context.Background(), Input{Text: "请问什么时候发货", Role: RoleCustomer, SentimentOnly: true, NoKeywords: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := probsOf(t, off.sentiment, "请问什么时候发货"); r.Sentiment.Probs["neutral"] != want["neutral"] {
		t.Fatalf("without a chat model a turn got %v, want the sentiment model's %v", r.Sentiment.Probs, want)
	}

	sent, _ := filepath.Abs("../models/sentiment-zh")
	absent := chatEngine(t, Config{ModelsDir: t.TempDir(), SentimentModel: sent})
	if absent.chatSentiment != nil {
		t.Fatal("default chat model in an empty models folder: loaded something")
	}

	_, err = New(context.Background(), Config{Home: "..", ChatSentimentModel: "sentiment-chat-v9", AspectModel: "-", CategoryModel: "-", PolarityModel: "-", CacheDir: os.TempDir() + "/tingzhen-test-cache"})
	if err == nil || !strings.Contains(err.Error(), `chat sentiment model "sentiment-chat-v9"`) {
		t.Fatalf("a missing named chat model: %v, want an error naming it", err)
	}

	abs := chatEngine(t, Config{ChatSentimentModel: sent})
	if abs.chatSentiment == nil || abs.chatSentiment.Dir() != sent {
		t.Fatalf("ChatSentimentModel %s: not loaded from that folder", sent)
	}
}
