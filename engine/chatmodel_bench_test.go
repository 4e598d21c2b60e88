package engine

import (
	"context"
	"testing"

	"github.com/tingzhen/tingzhen/testfixture"
)

// chatDevTexts are the texts of the labelled chat DEV turns (bench/testdata, in the repo).
func chatDevTexts(b *testing.B) []string {
	var out []string
	for _, t := range testfixture.ReadJSONL[struct{ Text string }](b, "../bench/testdata/chat_turns_dev.jsonl") {
		out = append(out, t.Text)
	}
	return out
}

// BenchmarkSentimentOnlyChatTurns: the 221 chat DEV turns through Analyze with
// SentimentOnly, in chunks of 64, read by sentiment-zh (no role) and by the chat model
// (role customer, engine.Conversational) side by side: the same texts, the same feeling rules.
// texts/cpu-s is the per-core throughput.
func BenchmarkSentimentOnlyChatTurns(b *testing.B) {
	texts := chatDevTexts(b)
	for _, c := range []struct{ name, role string }{{"sentiment-zh", ""}, {"sentiment-chat", RoleCustomer}} {
		b.Run(c.name, func(b *testing.B) {
			if c.role != "" && testEngine.chatSentiment == nil {
				b.Skip("models/sentiment-chat is not installed")
			}
			inputs := make([]Input, len(texts))
			for i, t := range texts {
				inputs[i] = Input{ID: "b", Text: t, Role: c.role, SentimentOnly: true, NoKeywords: true, NoRecord: true}
			}
			b.SetBytes(totalBytes(texts))
			b.ResetTimer()
			c0 := cpuSeconds()
			for i := 0; i < b.N; i++ {
				for k := 0; k < len(inputs); k += 64 {
					if _, err := testEngine.Analyze(context.Background(), inputs[k:min(k+64, len(inputs))]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(texts)*b.N)/(cpuSeconds()-c0), "texts/cpu-s")
			reportTexts(b, len(texts))
		})
	}
}
