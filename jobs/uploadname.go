package jobs

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxUploadName is the longest upload file name kept (bytes; file systems allow 255).
const maxUploadName = 200

// uploadName is the file name an upload is saved under: the base name of what the client
// sent, refused (a 400 that names no server path) when it is no file name: "." or "..",
// hidden, too long, invalid UTF-8, or holding control characters.
func uploadName(raw string) (string, error) {
	name := filepath.Base(raw)
	switch {
	case name == "." || name == ".." || name == "/" || name == "":
		return "", fmt.Errorf("upload file name %q is not a file name: give a base name such as chat.jsonl", truncateName(raw))
	case strings.HasPrefix(name, "."):
		return "", fmt.Errorf("upload file name %q is hidden (starts with a dot): give a base name such as chat.jsonl", truncateName(name))
	case len(name) > maxUploadName:
		return "", fmt.Errorf("upload file name is %d bytes long, over the limit of %d", len(name), maxUploadName)
	case !utf8.ValidString(name):
		return "", errors.New("upload file name is not valid UTF-8")
	case strings.ContainsFunc(name, unicode.IsControl):
		return "", fmt.Errorf("upload file name %q holds control characters", truncateName(name))
	}
	return name, nil
}

func truncateName(s string) string {
	if len(s) <= 80 {
		return s
	}
	return strings.ToValidUTF8(s[:80], "") + "…"
}

// withoutPath is err's message without the server path a *fs.PathError names.
func withoutPath(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
