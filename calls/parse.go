package calls

import (
	"io"
	"unicode/utf8"

	"github.com/tingzhen/tingzhen/calls/parse"
)

// The input side lives in sub-package parse; these names keep the package's API whole.
type (
	// Call is one conversation to analyse (parse.Call).
	Call = parse.Call
	// Turn is one utterance (parse.Turn).
	Turn = parse.Turn
	// Audio is decoded PCM audio of a call (parse.Audio).
	Audio = parse.Audio
	// ParseOptions tunes Parse (parse.ParseOptions).
	ParseOptions = parse.ParseOptions
)

// Roles of a turn (RoleSystem: system.go).
const (
	RoleAgent    = parse.RoleAgent
	RoleCustomer = parse.RoleCustomer
	RoleUnknown  = parse.RoleUnknown
)

// Formats accepted by Parse.
const (
	FormatAuto  = parse.FormatAuto
	FormatJSON  = parse.FormatJSON
	FormatSRT   = parse.FormatSRT
	FormatVTT   = parse.FormatVTT
	FormatJDDC  = parse.FormatJDDC
	FormatLines = parse.FormatLines
	FormatWAV   = parse.FormatWAV
)

// ErrFormat wraps every input that cannot be parsed (parse.ErrFormat).
var ErrFormat = parse.ErrFormat

// Parse reads calls from r in format with default options (parse.Parse).
func Parse(r io.Reader, format string) ([]Call, error) { return parse.Parse(r, format) }

// ParseWith reads calls from r in format with options (parse.ParseWith).
func ParseWith(r io.Reader, format string, opt ParseOptions) ([]Call, error) {
	return parse.ParseWith(r, format, opt)
}

// DecodeWAV decodes a PCM16 WAV file (parse.DecodeWAV).
func DecodeWAV(data []byte) (rate int, channels [][]float32, err error) {
	return parse.DecodeWAV(data)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
