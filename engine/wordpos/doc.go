// Package wordpos gives every token of a tokenized text the position of its characters in
// the jieba word they belong to: B (first character of a longer word), M (inside), E (last),
// S (the whole word), so that a character model can see word boundaries (issue 19). The
// rule lives here once: the training helper (cmd/wordtags) and any engine path that feeds
// such a model call Tags with the tokenizer's code-point spans and segment.Segmenter's words.
package wordpos
