package main

import "flag"

// registerChatSentimentModel adds --chat-sentiment-model (engine.Config.ChatSentimentModel)
// to the engine and bench flags.
func registerChatSentimentModel(fs *flag.FlagSet, v *string) {
	fs.StringVar(v, "chat-sentiment-model", "", "sentiment model of conversation turns (inputs with a role, every turn of a transcript or chat): a folder name in HOME/models or a path (default sentiment-chat, when installed); - reads turns with the sentiment model too")
}
