package tokenize

import "testing"

// TestEncodeAllocs turns the tokenizer's allocation claim into a test: EncodeInto with a
// reused Encoding allocates nothing on plain Chinese text and on the 313-line fixture, and
// a fresh Encode stays at the count measured when this test was written (growing the
// IDs/Starts/Ends and scratch slices). A change that adds allocations to the encode path
// fails here; fewer is fine.
func TestEncodeAllocs(t *testing.T) {
	tk := load(t, true)
	var e Encoding
	f := func(text string, maxInto, maxFresh float64) {
		t.Helper()
		tk.EncodeInto(&e, text, 128) // grow e's buffers first
		if got := testing.AllocsPerRun(100, func() { tk.EncodeInto(&e, text, 128) }); got > maxInto {
			t.Errorf("EncodeInto(%q): %v allocations per run, want ≤ %v", text, got, maxInto)
		}
		if got := testing.AllocsPerRun(100, func() { tk.Encode(text, 128) }); got > maxFresh {
			t.Errorf("Encode(%q): %v allocations per run, want ≤ %v", text, got, maxFresh)
		}
	}
	f("这家店的物流太慢了，包装倒是很结实", 0, 22)
	f("iPhone 15 的電池不耐用!!", 0, 24)
	f("ＡＰＰ很卡", 3, 25) // full-width letters go through appendFolded's NFD fold (3 allocations)

	lines := readLines(t)
	for _, l := range lines {
		tk.EncodeInto(&e, l, 128)
	}
	i := 0
	if got := testing.AllocsPerRun(3*len(lines), func() { tk.EncodeInto(&e, lines[i%len(lines)], 128); i++ }); got > 0 {
		t.Errorf("EncodeInto over testdata/lines.txt: %v allocations per text, want 0", got)
	}
	i = 0
	if got := testing.AllocsPerRun(3*len(lines), func() { tk.Encode(lines[i%len(lines)], 128); i++ }); got > 26 {
		t.Errorf("Encode over testdata/lines.txt: %v allocations per text, want ≤ 26", got)
	}
}
