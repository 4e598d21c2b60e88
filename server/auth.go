package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"slices"
	"strings"
)

// Scopes an API key can hold. ScopeAdmin implies every other scope.
const (
	ScopeAnalyze = "analyze"  // analyze, sentiment, segment, kg/map, transcripts, reading the kg and tasks
	ScopeKGWrite = "kg:write" // add terms and indicators
	ScopeJobs    = "jobs"     // bulk jobs
	ScopeAdmin   = "admin"    // everything, including /metrics
)

var allScopes = []string{ScopeAnalyze, ScopeKGWrite, ScopeJobs, ScopeTasks, ScopeAdmin}

// APIKey is one accepted bearer token with its scopes. Name is what logs show (the key
// itself is never logged).
type APIKey struct {
	Name   string   `yaml:"name" json:"name"`
	Key    string   `yaml:"key" json:"-"`
	Scopes []string `yaml:"scopes" json:"scopes"`
}

// ParseAPIKeys parses the TINGZHEN_API_KEYS format: entries separated by ";" or newlines,
// each "KEY=scope,scope" (scopes default to analyze) optionally prefixed by "name:" —
// e.g. "crm:s3cr3t=analyze,kg:write;ops:t0k3n=admin". The empty string is no keys; any
// other string that holds no key (";;;", blanks) is an error, never authentication off.
func ParseAPIKeys(s string) ([]APIKey, error) {
	var keys []APIKey
	for i, entry := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		k := APIKey{Name: fmt.Sprintf("key%d", i+1)}
		tok, scopes, hasScopes := strings.Cut(entry, "=")
		if name, key, ok := strings.Cut(tok, ":"); ok {
			k.Name, tok = name, key
		}
		k.Key = strings.TrimSpace(tok)
		if hasScopes {
			for _, sc := range strings.Split(scopes, ",") {
				if sc = strings.TrimSpace(sc); sc != "" {
					k.Scopes = append(k.Scopes, sc)
				}
			}
		} else {
			k.Scopes = []string{ScopeAnalyze}
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 && s != "" {
		return nil, fmt.Errorf("no API key in a non-empty key list (%d characters of separators and blanks): give KEY=scope entries, or leave it empty to turn authentication off", len(s))
	}
	return keys, validateKeys(keys)
}

func validateKeys(keys []APIKey) error {
	for i, k := range keys {
		if len(k.Key) < 16 {
			return fmt.Errorf("api key %d (%s): shorter than 16 characters", i+1, k.Name)
		}
		if strings.ContainsAny(k.Key, " \t\r\n") {
			return fmt.Errorf("api key %d (%s): contains white space", i+1, k.Name)
		}
		if len(k.Scopes) == 0 {
			return fmt.Errorf("api key %d (%s): no scopes", i+1, k.Name)
		}
		for _, s := range k.Scopes {
			if !slices.Contains(allScopes, s) {
				return fmt.Errorf("api key %d (%s): unknown scope %q (want one of %s)", i+1, k.Name, s, strings.Join(allScopes, ", "))
			}
		}
	}
	return nil
}

// keyring checks bearer tokens in constant time: every configured key is compared (as a
// SHA-256 digest, so lengths do not leak) whatever matched before.
type keyring struct {
	digests [][32]byte
	keys    []APIKey
}

func newKeyring(keys []APIKey) *keyring {
	kr := &keyring{}
	for _, k := range keys {
		kr.digests = append(kr.digests, sha256.Sum256([]byte(k.Key)))
		k.Key = "" // the ring keeps digests only
		kr.keys = append(kr.keys, k)
	}
	return kr
}

func (kr *keyring) empty() bool { return len(kr.keys) == 0 }

// lookup returns the key whose token is tok.
func (kr *keyring) lookup(tok []byte) (APIKey, bool) {
	d := sha256.Sum256(tok)
	found := -1
	for i := range kr.digests {
		if subtle.ConstantTimeCompare(d[:], kr.digests[i][:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return APIKey{}, false
	}
	return kr.keys[found], true
}

func hasScope(k APIKey, scope string) bool {
	return slices.Contains(k.Scopes, scope) || slices.Contains(k.Scopes, ScopeAdmin)
}
