package tokenize

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/sugarme/tokenizer"
	"github.com/sugarme/tokenizer/normalizer"
	"github.com/sugarme/tokenizer/pretokenizer"
	"github.com/sugarme/tokenizer/processor"
	"golang.org/x/text/unicode/norm"
)

// Reference encodes text through sugarme/tokenizer's BERT pipeline, with the work-arounds
// for its known bugs applied in Go first (see the project's dependency notes): control
// characters dropped, every Unicode space mapped to ' ', and for uncased models lowercase +
// NFD + combining marks dropped here rather than in sugarme (whose accent stripping skips
// NFD and panics on some input). It returns all ids, [CLS] and [SEP] included.
func (t *Tokenizer) Reference(text string) ([]int64, error) {
	enc, err := t.ref.EncodeSingle(t.preclean(text), true)
	if err != nil {
		return nil, fmt.Errorf("sugarme encode: %w", err)
	}
	ids := enc.GetIds()
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out, nil
}

func newReference(t *Tokenizer) *tokenizer.Tokenizer {
	tk := tokenizer.NewTokenizer(t.wp)
	tk.WithNormalizer(normalizer.NewBertNormalizer(true, false, true, false))
	tk.WithPreTokenizer(pretokenizer.NewBertPreTokenizer())
	tk.WithPostProcessor(processor.NewBertProcessing(
		processor.PostToken{Value: SEP, Id: int(t.SEPID)},
		processor.PostToken{Value: CLS, Id: int(t.CLSID)}))
	return tk
}

func (t *Tokenizer) preclean(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == 0 || r == 0xFFFD || isControl(r):
			continue
		case isWhitespace(r):
			b.WriteByte(' ')
		case t.lowercase && !isChinese(r):
			for _, c := range norm.NFD.String(string(unicode.ToLower(r))) {
				if !unicode.Is(unicode.Mn, c) {
					b.WriteRune(c)
				}
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
