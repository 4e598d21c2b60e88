package bench

import "testing"

// The validation carve is the one training/train_polarity.py and training/aspect_multi.py hold
// out of the ASTE train file (953 of 19,485 sentences, counted by their Python split code).
func TestASTEValCarve(t *testing.T) {
	path := datasetOrSkip(t, "aspect/absadatasets_zh/aste_chinese_zhang.train.txt")
	ds, err := Load(path, FormatASTE, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ASTEValCarve(ds).Items); len(ds.Items) != 19485 || got != 953 {
		t.Fatalf("carve: %d of %d sentences, want 953 of 19485", got, len(ds.Items))
	}
}

// lossKind: how a lost gold triplet differs from the product's triplets of the sentence.
func TestLossKind(t *testing.T) {
	f := func(gold string, pred []string, want string) {
		t.Helper()
		if got := lossKind(gold, pred); got != want {
			t.Errorf("lossKind(%q, %q) = %q, want %q", gold, pred, got, want)
		}
	}
	f("0-4|5-9|positive", nil, "aspect_missing")
	f("0-4|5-9|positive", []string{"0-5|6-9|positive"}, "aspect_missing")
	f("0-4|5-9|positive", []string{"0-4|5-8|positive"}, "opinion_changed")
	f("0-4|5-9|positive", []string{"0-4|5-9|negative"}, "polarity_changed")
	f("-|5-9|positive", []string{"-|5-8|positive"}, "opinion_changed")
}
