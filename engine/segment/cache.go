package segment

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
)

// The user dictionary cppjieba loads is built from the packs' words weighed against jieba's
// 5 MB dictionary (weighUserWords, ~40 ms a start). userDict keeps the result in the cache
// directory under a key made of everything it depends on (the unpacked dictionary's
// directory, named by the hash of the embedded dictionaries, and the words in order), so a
// warm start skips the weighing. The key's file holds the name of the user dictionary,
// which is content-addressed (userwords-<sha256 prefix>.utf8): the cached dictionary is used
// only when its bytes still hash to its name, so a corrupted, truncated or foreign file is
// rebuilt, never loaded. Both files are written to a temporary file and renamed, so
// processes starting together never see a half-written one.

// userDictKeyVersion changes when weighUserWords or writeUserWords change what they write,
// so a cache from an older build is never reused.
const userDictKeyVersion = "userdict-v1"

func userDictKey(dir string, words []string) string {
	h := sha256.New()
	h.Write([]byte(userDictKeyVersion + "\x00" + filepath.Base(dir) + "\x00"))
	for _, w := range words {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// indexPath is the key's file: it holds the full key, a newline and the dictionary's name.
func indexPath(cache, key string) string { return filepath.Join(cache, "weighed-"+key[:24]) }

// cachedUserDict returns the user dictionary recorded under key when it is intact.
func cachedUserDict(cache, key string) (string, bool) {
	b, err := os.ReadFile(indexPath(cache, key))
	if err != nil {
		return "", false
	}
	k, n, ok := strings.Cut(string(b), "\n")
	if !ok || k != key {
		return "", false // another key's entry, or damaged
	}
	if !strings.HasPrefix(n, "userwords-") || !strings.HasSuffix(n, ".utf8") || strings.ContainsAny(n, "/\\\x00\n") {
		return "", false
	}
	p := filepath.Join(cache, n)
	data, err := os.ReadFile(p)
	if err != nil {
		return "", false
	}
	if n != userWordsName(data) {
		return "", false
	}
	return p, true
}

// userDict returns the path of the weighed user dictionary of words, from the cache when a
// valid entry exists, else weighing the words and recording the result.
func userDict(cache, dir string, words []string) (string, error) {
	key := userDictKey(dir, words)
	if p, ok := cachedUserDict(cache, key); ok {
		return p, nil
	}
	weighed, err := weighUserWords(filepath.Join(dir, "jieba.dict.utf8"), words)
	if err != nil {
		return "", err
	}
	p, err := writeUserWords(cache, weighed)
	if err != nil {
		return "", err
	}
	// The dictionary is complete and renamed into place before its key names it.
	return p, writeIfChanged(indexPath(cache, key), []byte(key+"\n"+filepath.Base(p)))
}

// unpackedOK reports whether the unpacked file at path has the size recorded in its gzip
// member's trailer (ISIZE, the length modulo 2^32): a cheap check, without re-reading or
// re-hashing, that catches a truncated or emptied file, which would otherwise change every
// segmentation silently.
func unpackedOK(path string, gz []byte) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || len(gz) < 4 {
		return false
	}
	return uint32(st.Size()) == binary.LittleEndian.Uint32(gz[len(gz)-4:])
}

// Abandon drops the cppjieba instance without freeing it now: for a process about to exit,
// where freeing it (about 0.17 s of destructors and malloc_trim) buys nothing. gojieba's
// finalizer still frees it should the process go on. The Segmenter must not be used
// afterwards. Libraries and servers call Close.
func (s *Segmenter) Abandon() {
	if s != nil {
		s.j = nil
	}
}
