// Package tokenize turns text into model input ids with the model's own BERT WordPiece
// vocabulary (bert-base-chinese: one token per Chinese character), with code-point offsets
// for every token so that model outputs map back onto the original text.
//
// The vocabulary is loaded by sugarme/tokenizer (wordpiece.NewWordPieceFromFile). Encoding
// has two paths that must agree id for id:
//   - Reference: sugarme's full pipeline with the work-arounds the project's notes list
//     (Go-side space/control clean-up, NFD accent stripping, BertNormalizer without its
//     broken lowercase/accent code), kept as the reference and for cross-checks;
//   - Encode: the same BERT algorithm (clean text, split CJK characters and punctuation,
//     optional lowercase + accent strip, greedy longest-match WordPiece) written for the hot
//     path: no allocation per token, reusable buffers, rune offsets.
//
// Tests prove the two give identical ids on hundreds of real review lines.
package tokenize
