package insights

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/store"
)

// The fixture: real reviews (online_shopping_9_cats.csv, a fixed sample) with mentions
// from the knowledge graph's term matcher and opinion lexicon (no models: the counters
// are under test, not the analysis), synthetic dimensions and event times in Oct–Nov 2026.
// Regenerate with INSIGHTS_REGEN=1 go test ./insights -run TestRegenerateFixture.
const (
	fixturePath  = "testdata/reviews.jsonl"
	datasetPath  = "/work/shared/datasets/sentiment/online_shopping_9_cats.csv"
	fixtureCount = 600
)

var (
	synthChannels = []string{"京东", "天猫", "拼多多", "app"}
	synthBrands   = []string{"本品牌", "竞品A", "竞品B"}
	synthStores   = []string{"北京朝阳店", "上海徐汇店", "广州天河店", "成都锦江店", "杭州西湖店"}
	synthRegions  = map[string]string{"北京朝阳店": "华北", "上海徐汇店": "华东", "广州天河店": "华南", "成都锦江店": "西南", "杭州西湖店": "华东"}
	synthSegments = []string{"新客", "老客", "会员"}
)

func openGraph(t testing.TB) *kg.Graph {
	t.Helper()
	st, err := store.Open(context.Background(), store.Options{InMemory: true, PacksDir: "../knowledge-graph/industries"})
	if err != nil {
		t.Fatalf("kg open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st.Graph()
}

// mapReview finds the graph's terms clause by clause and gives each the clause's lexicon
// polarity and point.
func mapReview(g *kg.Graph, industry, text string) []mention.Mention {
	var out []mention.Mention
	rs := []rune(text)
	start := 0
	for i := 0; i <= len(rs); i++ {
		if i < len(rs) && !strings.ContainsRune("，。！？；!?,;\n～~", rs[i]) {
			continue
		}
		clause := string(rs[start:i])
		if strings.TrimSpace(clause) != "" {
			pol, _ := mention.LexiconPolarity(clause)
			for _, h := range g.FindTerms(industry, clause) {
				m, ok := g.MapAspect(industry, clause, h.Term, "")
				if !ok {
					continue
				}
				out = append(out, mention.Mention{Term: h.Term, Polarity: pol, Start: start + h.Start, End: start + h.End,
					Point: mention.ClassifyPoint(pol, clause), Confidence: m.Confidence, Source: "kg",
					KG: &mention.KGRef{Industry: m.Industry, Stage: m.Stage, Touchpoint: m.Touchpoint, Indicator: m.Indicator, Aspect: m.Aspect, Department: m.Department,
						IDs: map[string]string{"industry": m.IndustryID, "stage": m.StageID, "touchpoint": m.TouchpointID, "indicator": m.IndicatorID, "aspect": m.AspectID, "department": m.DepartmentID}}})
			}
		}
		start = i + 1
	}
	return out
}

// readReviews returns up to n reviews (text, label) from the dataset, every k-th row.
func readReviews(path string, n int) ([][2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	rows = rows[1:]
	step := max(1, len(rows)/(n*3))
	var out [][2]string
	for i := 0; i < len(rows) && len(out) < n; i += step {
		text := rows[i][2]
		if l := len([]rune(text)); l < 6 || l > 160 {
			continue
		}
		out = append(out, [2]string{text, rows[i][1]})
	}
	return out, nil
}

func synthDims(rng *rand.Rand) Dims {
	store := synthStores[rng.IntN(len(synthStores))]
	return Dims{Channel: synthChannels[rng.IntN(len(synthChannels))], Brand: synthBrands[rng.IntN(len(synthBrands))],
		Store: store, Region: synthRegions[store], Segment: synthSegments[rng.IntN(len(synthSegments))]}
}

func labelSentiment(label string) string {
	if label == "1" {
		return "positive"
	}
	return "negative"
}

func TestRegenerateFixture(t *testing.T) {
	if os.Getenv("INSIGHTS_REGEN") == "" {
		t.Skip("set INSIGHTS_REGEN=1 to rebuild testdata/reviews.jsonl from the dataset")
	}
	revs, err := readReviews(datasetPath, fixtureCount*3)
	if err != nil {
		t.Skipf("dataset: %v", err)
	}
	g := openGraph(t)
	rng := rand.New(rand.NewPCG(14, 1))
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	var recs []Record
	for i, rv := range revs {
		ms := mapReview(g, "ecommerce", rv[0])
		if len(ms) == 0 && len(recs)%5 != 0 {
			continue // keep some records without mapped mentions, mostly ones with
		}
		recs = append(recs, Record{ID: fmt.Sprintf("rev-%04d", i), Time: base.Add(time.Duration(rng.IntN(61*24*60)) * time.Minute),
			Industry: "ecommerce", Dims: synthDims(rng), Sentiment: labelSentiment(rv[1]), Text: rv[0], Mentions: ms})
		if len(recs) == fixtureCount {
			break
		}
	}
	f, err := os.Create(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %d records", len(recs))
}

func loadFixture(t testing.TB) []Record {
	t.Helper()
	f, err := os.Open(fixturePath)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("fixture line %d: %v", len(out)+1, err)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		t.Fatal("empty fixture")
	}
	return out
}

// openTestStore opens a real Badger in a temp dir (with package store's settings) and insights on it.
func openTestStore(t testing.TB, opt Options) (*Store, *badger.DB) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "db")
	st, err := store.Open(context.Background(), store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if opt.Location == nil {
		opt.Location = time.FixedZone("CST", 8*3600)
	}
	s, err := Open(st.DB(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return s, st.DB()
}
