package bench

import (
	"context"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/model"
)

// ASTEValBuckets is the ASTE validation carve of the train file: sentences whose
// sha1("aste:" + NormKey) bucket is below 5, the carve training/train_polarity.py and
// training/aspect_multi.py hold out to choose epochs (aspect-zh and polarity-zh never train
// on it). The policy is tuned on it; the dev file stays the reported split.
const ASTEValBuckets = 5

// ASTEBucket is the split bucket (0-99) of an ASTE sentence.
func ASTEBucket(text string) int {
	h := sha1.Sum([]byte("aste:" + NormKey(text)))
	return int(binary.BigEndian.Uint32(h[:4]) % 100)
}

// ASTEValCarve keeps the items of an ASTE train file that are in the validation carve.
func ASTEValCarve(ds *Dataset) *Dataset {
	return ds.where(func(it Item) bool { return ASTEBucket(it.Text) < ASTEValBuckets })
}

// ASTELoss is one gold triplet the aspect model alone had right and analyze's output lost,
// with what each side returned for the sentence (for reading the policy's losses on the
// validation carve only).
type ASTELoss struct {
	Text    string            `json:"text"`
	Gold    string            `json:"gold"`    // "aspect|opinion|polarity", as TripletKey
	Kind    string            `json:"kind"`    // aspect_missing | opinion_changed | polarity_changed
	Triplet string            `json:"triplet"` // gold as text: term / opinion / polarity
	Model   []string          `json:"model"`   // the model's triplets as text
	Product []mention.Mention `json:"product"` // analyze's mentions
}

// ASTELossReport counts, over a data set, the gold triplets the model alone and the
// product each got right, and the losses (model right, product wrong) by kind.
type ASTELossReport struct {
	ModelRight, ProductRight, Both int
	Kinds                          map[string]int
	Losses                         []ASTELoss
	Gains                          []ASTELoss // product right, model wrong (Kind "gain")
}

// ASTELosses runs analyze and the aspect model alone over ds and compares them per gold
// triplet.
func ASTELosses(ctx context.Context, e *engine.Engine, r *model.Model, ds *Dataset) (*ASTELossReport, error) {
	res, err := analyzeDataset(ctx, e, ds, "")
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(ds.Items))
	for i, it := range ds.Items {
		texts[i] = it.Text
	}
	trips, err := Triplets(ctx, r, texts, 64, 64*r.MaxLen())
	if err != nil {
		return nil, err
	}
	rep := &ASTELossReport{Kinds: map[string]int{}}
	for i, it := range ds.Items {
		rs := []rune(it.Text)
		show := func(k string) string {
			var as, ae, os, oe int
			var pol string
			a := "-"
			if n, _ := fmt.Sscanf(k, "%d-%d|%d-%d|%s", &as, &ae, &os, &oe, &pol); n == 5 && as >= 0 && ae <= len(rs) && as <= ae {
				a = string(rs[as:ae])
			} else if n, _ := fmt.Sscanf(k, "-|%d-%d|%s", &os, &oe, &pol); n != 3 {
				return k
			}
			o := ""
			if os >= 0 && oe <= len(rs) && os <= oe {
				o = string(rs[os:oe])
			}
			return a + " / " + o + " / " + pol
		}
		mk := TripletKeys(trips[i])
		pk := TripletKeys(res[i].Aspects)
		var model []string
		for _, k := range mk {
			model = append(model, show(k))
		}
		for _, g := range it.Gold {
			m, p := slices.Contains(mk, g), slices.Contains(pk, g)
			if m {
				rep.ModelRight++
			}
			if p {
				rep.ProductRight++
			}
			if m && p {
				rep.Both++
			}
			if m == p {
				continue
			}
			l := ASTELoss{Text: it.Text, Gold: g, Triplet: show(g), Model: model, Product: res[i].Aspects}
			if p {
				l.Kind = "gain"
				rep.Gains = append(rep.Gains, l)
				continue
			}
			l.Kind = lossKind(g, pk)
			rep.Kinds[l.Kind]++
			rep.Losses = append(rep.Losses, l)
		}
	}
	sort.SliceStable(rep.Losses, func(a, b int) bool { return rep.Losses[a].Kind < rep.Losses[b].Kind })
	return rep, nil
}

// lossKind says how a lost gold triplet differs from the product's nearest one.
func lossKind(g string, pk []string) string {
	ga := aspectPolarityKey(g)
	gAsp := ga[:len(ga)-len(polOf(g))-1]
	kind := "aspect_missing"
	for _, k := range pk {
		ka := aspectPolarityKey(k)
		if ka[:len(ka)-len(polOf(k))-1] != gAsp {
			continue
		}
		if opinionOf(k) == opinionOf(g) {
			return "polarity_changed"
		}
		kind = "opinion_changed"
	}
	return kind
}

func polOf(k string) string {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == '|' {
			return k[i+1:]
		}
	}
	return k
}

func opinionOf(k string) string {
	first, last := -1, -1
	for i := 0; i < len(k); i++ {
		if k[i] == '|' {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || last <= first {
		return ""
	}
	return k[first+1 : last]
}
