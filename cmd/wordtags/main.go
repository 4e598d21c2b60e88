// Command wordtags writes, for each input text, the sentiment tokenizer's ids and the jieba
// word-position tag of every token (engine/wordpos), for training character models with
// word-boundary features (training/train_sentiment_wordpos.py). Input: JSON Lines on stdin,
// each line one JSON string. Output: one JSON object per input line,
// {"ids": [...], "tags": [...]}, or {"error": "..."} for a line that is not a JSON string.
//
//	go build -o bin/wordtags ./cmd/wordtags
//	bin/wordtags -vocab models/sentiment-zh/vocab.txt -max-len 128 < texts.jsonl > tags.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tingzhen/tingzhen/engine/segment"
	"github.com/tingzhen/tingzhen/engine/tokenize"
	"github.com/tingzhen/tingzhen/engine/wordpos"
)

type row struct {
	IDs   []int64 `json:"ids,omitempty"`
	Tags  []int64 `json:"tags,omitempty"`
	Error string  `json:"error,omitempty"`
}

func main() {
	vocab := flag.String("vocab", "models/sentiment-zh/vocab.txt", "WordPiece vocabulary of the model")
	maxLen := flag.Int("max-len", 128, "ids per text, [CLS] and [SEP] included (as the model's card)")
	flag.Parse()
	if err := run(*vocab, *maxLen, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "wordtags:", err)
		os.Exit(1)
	}
}

func run(vocab string, maxLen int, stdin io.Reader, stdout io.Writer) error {
	tok, err := tokenize.Load(vocab, true)
	if err != nil {
		return fmt.Errorf("load tokenizer: %w", err)
	}
	seg, err := segment.New(segment.Options{})
	if err != nil {
		return fmt.Errorf("load segmenter: %w", err)
	}
	defer seg.Close()
	in := bufio.NewScanner(stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	line := 0
	for in.Scan() {
		line++
		var text string
		var r row
		if err := json.Unmarshal(in.Bytes(), &text); err != nil {
			r.Error = fmt.Sprintf("line %d: not a JSON string: %v", line, err)
		} else {
			e := tok.Encode(text, maxLen)
			r.IDs = e.IDs
			r.Tags = wordpos.Tags(e.Starts, e.Ends, seg.Tag(text))
		}
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write line %d: %w", line, err)
		}
	}
	if err := in.Err(); err != nil {
		return fmt.Errorf("read line %d: %w", line+1, err)
	}
	return nil
}
