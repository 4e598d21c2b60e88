package engine

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/model"
)

// Conversation turns have their own sentiment model (Config.ChatSentimentModel,
// models/sentiment-chat): the review model was trained on reviews and reads the questions,
// closings and small talk of a chat as feelings. Reviews and every other text keep
// Config.SentimentModel unchanged.

// defaultChatSentimentModel is Config.ChatSentimentModel's default folder name.
const defaultChatSentimentModel = "sentiment-chat"

// Conversational reports whether the engine reads in as a turn of a conversation, with the chat
// sentiment model: an input that says who speaks (Input.Role customer, agent or system).
// Every turn of a transcript or chat (package calls, `tingzhen transcript`, jobs of
// transcripts) carries its role; a record of analyze, a job or POST /v1/analyze carries one
// when its caller gives it. A text without a role is read as a review. This is the one
// home of that rule.
func Conversational(in Input) bool { return in.Role != "" }

// chatModelDir is the folder of Config.ChatSentimentModel ("" when it is "-"): a name in
// ModelsDir, or an absolute path.
func chatModelDir(cfg Config) string {
	switch name := cfg.ChatSentimentModel; {
	case name == "-":
		return ""
	case filepath.IsAbs(name):
		return name
	default:
		return filepath.Join(cfg.ModelsDir, name)
	}
}

// openChatModel loads the chat sentiment model when it is installed. The default name
// that is absent means "this installation runs without it" (conversation turns are then
// read by the sentiment model); any other name without a model.onnx is an error, as for
// the other optional models. The chat model must read the same window and name the same
// output as the sentiment model: the engine splits and aggregates a record's units by
// the sentiment model's card.
func (e *Engine) openChatModel(cfg Config, opt model.Options) error {
	dir := chatModelDir(cfg)
	if dir == "" {
		return nil
	}
	ok, err := optional(dir)
	if err != nil {
		return err
	}
	if !ok {
		if cfg.ChatSentimentModel == defaultChatSentimentModel {
			return nil
		}
		return fmt.Errorf("chat sentiment model %q: no model.onnx in %s (name a folder of %s or a path, or - to read conversation turns with the sentiment model)", cfg.ChatSentimentModel, dir, cfg.ModelsDir)
	}
	m, err := model.Open(dir, opt)
	if err != nil {
		return err
	}
	s := e.sentiment
	if m.MaxLen() != s.MaxLen() || m.Output() != s.Output() || len(m.Card().OutputNames()) != 1 {
		m.Close()
		return fmt.Errorf("chat sentiment model %s: want the sentiment model's contract (max_len %d, one output %q of 3 probabilities), card has max_len %d, outputs %v", dir, s.MaxLen(), s.Output(), m.MaxLen(), m.Card().OutputNames())
	}
	e.chatSentiment = m
	return nil
}

// markChat appends n units of r to chat: true when r is a conversation turn (Conversational)
// and a chat sentiment model is loaded.
func (e *Engine) markChat(r *record, chat []bool, n int) []bool {
	on := e.chatSentiment != nil && Conversational(r.in)
	for range n {
		chat = append(chat, on)
	}
	return chat
}

// runSentiment runs the sentiment units: those marked in chat on the chat sentiment
// model, the others on the sentiment model, each model in its own batches; encodings and
// rows come back in the order of texts.
func (e *Engine) runSentiment(ctx context.Context, texts []string, chat []bool) ([]*tokenize.Encoding, []map[string][]float32, error) {
	var chatIdx, revIdx []int
	for i, c := range chat {
		if c {
			chatIdx = append(chatIdx, i)
		} else {
			revIdx = append(revIdx, i)
		}
	}
	if len(chatIdx) == 0 {
		return e.sentiment.Run(ctx, texts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
	}
	if len(revIdx) == 0 {
		return e.chatSentiment.Run(ctx, texts, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
	}
	encs := make([]*tokenize.Encoding, len(texts))
	rows := make([]map[string][]float32, len(texts))
	for _, part := range []struct {
		m   *model.Model
		idx []int
	}{{e.sentiment, revIdx}, {e.chatSentiment, chatIdx}} {
		sub := make([]string, len(part.idx))
		for k, i := range part.idx {
			sub[k] = texts[i]
		}
		en, ro, err := part.m.Run(ctx, sub, e.cfg.MaxBatch, e.cfg.MaxBatchTokens)
		if err != nil {
			return nil, nil, err
		}
		for k, i := range part.idx {
			encs[i], rows[i] = en[k], ro[k]
		}
	}
	return encs, rows, nil
}
