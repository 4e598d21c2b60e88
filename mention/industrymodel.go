package mention

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// industryModelGz is the char n-gram industry classifier (training/train_industry.py, trained
// on the train split of training/industry_data.py only).
//
//go:embed industrymodel/ngrams.tsv.gz
var industryModelGz []byte

// IndustryModel is a linear classifier of a text's industry over char 1..3-grams: the
// logits are bias + (1/N) Σ w[gram] over the N gram positions of the normalised text (NFKC,
// lower case, letters, numbers and marks only, the first maxRunes runes); grams not in the
// model count in N with weight 0. It is immutable once loaded.
type IndustryModel struct {
	classes  []string
	bias     []float64
	w        map[uint64][]float32 // gram (gramKey) → weight per class
	orders   []int
	maxRunes int
}

// defaultIndustryModel is the embedded model, parsed once per process; the result is
// immutable. A parse error (a broken build) leaves it nil: Policy.Industry then uses the
// keywords alone.
var defaultIndustryModel = sync.OnceValue(func() *IndustryModel {
	m, err := ParseIndustryModel(bytes.NewReader(industryModelGz))
	if err != nil {
		return nil
	}
	return m
})

// DefaultIndustryModel is the embedded industry classifier (nil if it cannot be read).
func DefaultIndustryModel() *IndustryModel { return defaultIndustryModel() }

// ParseIndustryModel reads a gzip'd model file: a "#" comment line naming the orders and
// max_runes, "classes\t…", "bias\t…", then one "gram\tw…" line per gram.
func ParseIndustryModel(r io.Reader) (*IndustryModel, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("industry model: %w", err)
	}
	defer zr.Close()
	m := &IndustryModel{w: map[uint64][]float32{}, orders: []int{1, 2, 3}, maxRunes: 256}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if strings.HasPrefix(l, "#") {
			f := strings.Fields(l)
			for i := 0; i+1 < len(f); i++ {
				switch f[i] {
				case "orders":
					m.orders = m.orders[:0]
					for _, o := range strings.Split(f[i+1], ",") {
						n, err := strconv.Atoi(strings.TrimSuffix(o, ";"))
						if err != nil || n < 1 || n > 3 { // gramKey packs up to 3 runes
							return nil, fmt.Errorf("industry model line %d: order %q", line, o)
						}
						m.orders = append(m.orders, n)
					}
				case "max_runes":
					n, err := strconv.Atoi(f[i+1])
					if err != nil || n < 1 {
						return nil, fmt.Errorf("industry model line %d: max_runes %q", line, f[i+1])
					}
					m.maxRunes = n
				}
			}
			continue
		}
		f := strings.Split(l, "\t")
		switch {
		case f[0] == "classes" && m.classes == nil:
			m.classes = f[1:]
			continue
		case m.classes == nil:
			return nil, fmt.Errorf("industry model line %d: no classes line first", line)
		}
		if len(f) != len(m.classes)+1 {
			return nil, fmt.Errorf("industry model line %d: %d fields, want %d", line, len(f), len(m.classes)+1)
		}
		v := make([]float64, len(m.classes))
		for i, x := range f[1:] {
			if v[i], err = strconv.ParseFloat(x, 64); err != nil || math.IsNaN(v[i]) || math.IsInf(v[i], 0) {
				return nil, fmt.Errorf("industry model line %d: weight %q", line, x)
			}
		}
		if f[0] == "bias" && m.bias == nil {
			m.bias = v
			continue
		}
		w := make([]float32, len(v))
		for i := range v {
			w[i] = float32(v[i])
		}
		k, ok := gramKey([]rune(f[0]))
		if !ok {
			return nil, fmt.Errorf("industry model line %d: gram %q is not 1..3 letters", line, f[0])
		}
		m.w[k] = w
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("industry model: %w", err)
	}
	if m.classes == nil || m.bias == nil {
		return nil, fmt.Errorf("industry model: no classes or bias")
	}
	return m, nil
}

// Classes are the industries the model knows, in the order of Logits.
func (m *IndustryModel) Classes() []string { return m.classes }

// Logits returns the model's logit per class for text (into dst when it has room).
func (m *IndustryModel) Logits(text string, dst []float64) []float64 {
	if cap(dst) < len(m.classes) {
		dst = make([]float64, len(m.classes))
	}
	dst = dst[:len(m.classes)]
	copy(dst, m.bias)
	var buf [256]rune
	rs := buf[:0]
	for _, r := range norm.NFKC.String(text) {
		if len(rs) == m.maxRunes {
			break
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	var acc [16]float64
	sum := acc[:0]
	if len(m.classes) <= len(acc) {
		sum = acc[:len(m.classes)]
	} else {
		sum = make([]float64, len(m.classes))
	}
	n := 0
	for _, o := range m.orders {
		for i := 0; i+o <= len(rs); i++ {
			n++
			k, _ := gramKey(rs[i : i+o])
			if w, ok := m.w[k]; ok {
				for c := range w {
					sum[c] += float64(w[c])
				}
			}
		}
	}
	if n > 0 {
		for c := range dst {
			dst[c] += sum[c] / float64(n)
		}
	}
	return dst
}

// gramKey packs a gram of 1..3 runes (each < 2^21, none 0) into one uint64, 21 bits a rune;
// false for other lengths or runes.
func gramKey(g []rune) (uint64, bool) {
	if len(g) < 1 || len(g) > 3 {
		return 0, false
	}
	var k uint64
	for _, r := range g {
		if r <= 0 || r > unicode.MaxRune {
			return 0, false
		}
		k = k<<21 | uint64(r)
	}
	return k, true
}
