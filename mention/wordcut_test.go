package mention

import (
	"reflect"
	"testing"
)

// TestWordCut: a model term cut inside a jieba dictionary word is put on its boundaries or
// dropped (Policy.WordCutTerms); one inside jieba's guesses (x) or a dictionary noun itself
// stays. The sentence as analyze gives it (Cut and Tag of the segmenter with the graph's terms
// registered). One line per case: industry, sentence, aspect-model triplets (term, opinion,
// polarity …), the terms of the mentions as term|source.
func TestWordCut(t *testing.T) {
	f := func(industry, text string, tr []string, want ...string) {
		t.Helper()
		s := Sentence{Text: text, Sentiment: Positive, SentimentScore: 0.9, Cut: testSeg.Cut, Tag: testSeg.Tag}
		for i := 0; i+2 < len(tr); i += 3 {
			s.Triplets = append(s.Triplets, triplet(text, tr[i], tr[i+1], tr[i+2]))
		}
		var got []string
		for _, m := range mentions(industry, s) {
			if m.Source == SourceModel || m.Source == SourceModelKG {
				got = append(got, m.Term+"|"+m.Source)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %q\nwant %q", text, got, want)
		}
	}
	// Inside a word that negates it, or a word that is no noun: a fragment, no aspect (the
	// widening to the word, snapOut, ate into the triplet's opinion and was undone).
	f("ecommerce", "一不小心就买多了", []string{"小心", "一不", "negative"})
	f("telecom", "你们打算拖到什么时候？", []string{"拖", "到什么时候", "negative"})
	// Inside a noun word: the whole word.
	f("hotel_travel", "香格里拉酒店在上海静安入住！", []string{"香格", "入住", "positive"}, "香格里拉酒店|model")
	f("ecommerce", "比预计送达时间提前了一天", []string{"预计", "提前", "positive"}, "预计送达时间|model")
	// A dictionary noun itself stays, whatever the word holding it (the dictionary joined
	// the noun and its opinion or verb).
	f("food_delivery", "品种繁多，价钱也很亲民。", []string{"品种", "繁多", "positive"}, "品种|model")
	f("food_delivery", "但价格昂贵，事实也的确如此。", []string{"价格", "昂贵", "negative"}, "价格|model")
	// Running into a word that is no noun: that word's piece left out; nothing left: dropped.
	f("banking", "功力深厚啊！", []string{"功力深", "厚", "positive"}, "功力|model")
	f("telecom", "也只需要打电话发短信", []string{"电话发", "只需要", "positive"})
	// Inside jieba's guess (x: 糖芋|苗料), the model's edge stands: the dish stays whole.
	f("food_delivery", "糖芋苗料很足，满满的芋头。", []string{"糖芋苗", "料很足", "positive"}, "糖芋苗|model")
	// A term the pack knows stands, whatever jieba made of it (快|递给|力).
	f("ecommerce", "个头够大，快递给力！", []string{"快递", "给力", "positive"}, "快递|model")
	// On word boundaries: untouched.
	f("food_delivery", "酸汤鱼很好吃", []string{"酸汤鱼", "很好吃", "positive"}, "酸汤鱼|model")
}
