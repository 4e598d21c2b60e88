package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRun: one output line per input line, ids and tags of the same length, tags from
// engine/wordpos (物流|很快 → SPECIAL B E B E SPECIAL), a clear error for a bad line and the rest
// goes on.
func TestRun(t *testing.T) {
	in := "\"物流很快\"\n42\n\"好\"\n"
	var out bytes.Buffer
	if err := run("../../models/sentiment-zh/vocab.txt", 128, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	f := func(i int, want string) {
		t.Helper()
		if lines[i] != want {
			t.Errorf("line %d = %s, want %s", i+1, lines[i], want)
		}
	}
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3: %q", len(lines), out.String())
	}
	f(0, `{"ids":[101,4289,3837,2523,2571,102],"tags":[1,2,4,2,4,1]}`)
	f(1, `{"error":"line 2: not a JSON string: json: cannot unmarshal number into Go value of type string"}`)
	f(2, `{"ids":[101,1962,102],"tags":[1,5,1]}`)
	if err := run("/nonexistent/vocab.txt", 128, strings.NewReader(in), &out); err == nil {
		t.Error("want an error for a missing vocabulary")
	}
}
