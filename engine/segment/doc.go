// Package segment is the word-segmentation stage: one gojieba (cppjieba) instance per process,
// with its dictionaries embedded in the binary (unpacked once into a cache directory, so
// nothing depends on the Go module cache or -trimpath), user dictionaries (the knowledge
// graph registers its terms so that 配送时效, 退换货 … stay whole), part-of-speech tagging
// with code-point offsets, and TF-IDF keywords.
//
// A Segmenter is safe for concurrent Cut/Tag/Keywords. Words can only be added at
// construction: cppjieba's AddWord is not safe while other goroutines cut.
package segment
