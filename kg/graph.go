package kg

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NodeType names the kinds of nodes in the graph.
type NodeType string

// Node types.
const (
	NodeIndustry   NodeType = "industry"
	NodeStage      NodeType = "stage"
	NodeTouchpoint NodeType = "touchpoint"
	NodeIndicator  NodeType = "indicator"
	NodeAspect     NodeType = "aspect"
	NodeTerm       NodeType = "term" // ID is the term itself
	NodeDepartment NodeType = "department"
	NodeRule       NodeType = "rule"
	NodeDirection  NodeType = "direction" // ID is "bad" or "good": what more of an indicator is
)

// EdgeKind names the typed edges; every edge can be followed both ways (Out / In).
type EdgeKind string

// Edge kinds (from → to).
const (
	EdgeHasStage      EdgeKind = "has_stage"      // industry → stage
	EdgeHasTouchpoint EdgeKind = "has_touchpoint" // stage → touchpoint
	EdgeHasIndicator  EdgeKind = "has_indicator"  // touchpoint → indicator
	EdgeHasAspect     EdgeKind = "has_aspect"     // indicator → aspect
	EdgeHasTerm       EdgeKind = "has_term"       // aspect → term
	EdgeOwnedBy       EdgeKind = "owned_by"       // touchpoint | indicator → department
	EdgeParentOf      EdgeKind = "parent_of"      // indicator → child indicator
	EdgeWatches       EdgeKind = "watches"        // rule → indicator
	EdgeRoutesTo      EdgeKind = "routes_to"      // rule → department
	EdgeHigherIs      EdgeKind = "higher_is"      // indicator | aspect → direction (bad | good)
)

// NodeRef names one node of an industry.
type NodeRef struct {
	Type NodeType `json:"type"`
	ID   string   `json:"id"`
}

type edgeKey struct {
	kind EdgeKind
	node NodeRef
}

// Mapping places one aspect mention in the graph (ids and Chinese names).
type Mapping struct {
	IndustryID, Industry     string
	StageID, Stage           string
	TouchpointID, Touchpoint string
	IndicatorID, Indicator   string
	AspectID, Aspect         string
	DepartmentID, Department string
	Confidence               float64
}

// TermRef is one aspect that a term belongs to.
type TermRef struct {
	Industry string `json:"industry"`
	AspectID string `json:"aspect"`
}

// TermMatch is one known term found in a text. Term is the term as stored in the pack
// (ASCII folded to lower case); Start and End are rune offsets into the text. Refs lists
// every aspect the term belongs to (several when ambiguous) and must not be modified.
type TermMatch struct {
	Term  string    `json:"term"`
	Start int       `json:"start"`
	End   int       `json:"end"`
	Refs  []TermRef `json:"refs"`
}

// IndustryInfo summarises one loaded industry.
type IndustryInfo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Version     int    `json:"version"`
	Description string `json:"description,omitempty"`
	Hash        string `json:"hash,omitempty"`
	Departments int    `json:"departments"`
	Stages      int    `json:"stages"`
	Touchpoints int    `json:"touchpoints"`
	Indicators  int    `json:"indicators"`
	Aspects     int    `json:"aspects"`
	Terms       int    `json:"terms"`
	Rules       int    `json:"rules"`
}

// Graph is an immutable snapshot of all loaded industries. Safe for concurrent use.
type Graph struct {
	inds   map[string]*industry
	byName map[string]*industry
	order  []*industry

	all     *matcher    // union of all industries' terms
	allRefs [][]TermRef // pattern → refs
	infer   *matcher    // detect words and terms of all industries
	inferW  [][]indWeight
}

type indWeight struct {
	ind    int
	w      float64
	detect bool // the industry lists the word in detect (not only as a term)
}

type industry struct {
	idx    int
	pack   *Pack
	hash   string
	depts  map[string]*DepartmentSpec
	stages map[string]*StageSpec
	tps    map[string]*TouchpointSpec
	inds   map[string]*IndicatorSpec
	asps   map[string]int // id → index into pack.Aspects
	rules  map[string]*RuleSpec

	mappings []Mapping // per aspect, Confidence 0

	terms     map[string][]int32 // normalized term → aspect indices
	termM     *matcher
	termRefs  [][]TermRef // pattern → refs
	termAsp   [][]int32   // pattern → aspect indices
	implicitM *matcher
	implAsp   [][]int32
	context   [][]string      // aspect → normalized context words
	implicitN [][]string      // aspect → normalized implicit phrases
	singleOK  map[string]bool // single-character terms that may match alone
	complM    *matcher        // complaint phrases (AspectSpec.Complaints); complaint.go
	complAsp  [][]int32       // complaint pattern → aspect indices
	names     []nameEnd       // proper-name endings (AspectSpec.Names), longest first

	out map[edgeKey][]NodeRef
	in  map[edgeKey][]NodeRef
}

// buildGraph builds a snapshot from validated packs; hashes maps industry id → content hash.
func buildGraph(packs []*Pack, hashes map[string]string) *Graph {
	sorted := append([]*Pack(nil), packs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	g := &Graph{inds: map[string]*industry{}, byName: map[string]*industry{}}
	allIdx := map[string]int{}
	var allPats []string
	inferIdx := map[string]int{}
	var inferPats []string
	addInfer := func(p string, ind int, w float64, detect bool) {
		i, ok := inferIdx[p]
		if !ok {
			i = len(inferPats)
			inferIdx[p] = i
			inferPats = append(inferPats, p)
			g.inferW = append(g.inferW, nil)
		}
		for k, iw := range g.inferW[i] {
			if iw.ind == ind {
				if w > iw.w {
					g.inferW[i][k].w = w
				}
				g.inferW[i][k].detect = iw.detect || detect
				return
			}
		}
		g.inferW[i] = append(g.inferW[i], indWeight{ind, w, detect})
	}
	for n, p := range sorted {
		in := buildIndustry(n, p)
		in.hash = hashes[p.ID]
		g.inds[p.ID] = in
		g.byName[p.Name] = in
		g.order = append(g.order, in)
		for pi, pat := range in.termM.patterns {
			i, ok := allIdx[pat]
			if !ok {
				i = len(allPats)
				allIdx[pat] = i
				allPats = append(allPats, pat)
				g.allRefs = append(g.allRefs, nil)
			}
			g.allRefs[i] = append(g.allRefs[i], in.termRefs[pi]...)
			addInfer(pat, n, 1, false)
		}
		for _, d := range p.Detect {
			addInfer(normalize(d), n, 2, true)
		}
	}
	// A term shared by k industries says 1/k about each of them.
	for i := range g.inferW {
		if k := len(g.inferW[i]); k > 1 {
			for j := range g.inferW[i] {
				g.inferW[i][j].w /= float64(k)
			}
		}
	}
	g.all = newMatcher(allPats)
	g.infer = newMatcher(inferPats)
	return g
}

func buildIndustry(idx int, p *Pack) *industry {
	in := &industry{
		idx: idx, pack: p,
		depts: map[string]*DepartmentSpec{}, stages: map[string]*StageSpec{},
		tps: map[string]*TouchpointSpec{}, inds: map[string]*IndicatorSpec{},
		asps: map[string]int{}, rules: map[string]*RuleSpec{}, terms: map[string][]int32{},
		out: map[edgeKey][]NodeRef{}, in: map[edgeKey][]NodeRef{}, singleOK: map[string]bool{},
	}
	for _, w := range p.SingleCharOK {
		in.singleOK[normalize(w)] = true
	}
	edge := func(kind EdgeKind, from, to NodeRef) {
		k := edgeKey{kind, from}
		in.out[k] = append(in.out[k], to)
		k2 := edgeKey{kind, to}
		in.in[k2] = append(in.in[k2], from)
	}
	root := NodeRef{NodeIndustry, p.ID}
	for i := range p.Departments {
		in.depts[p.Departments[i].ID] = &p.Departments[i]
	}
	stages := append([]StageSpec(nil), p.Stages...)
	sort.SliceStable(stages, func(i, j int) bool { return stages[i].Order < stages[j].Order })
	for i := range p.Stages {
		in.stages[p.Stages[i].ID] = &p.Stages[i]
	}
	for _, s := range stages {
		edge(EdgeHasStage, root, NodeRef{NodeStage, s.ID})
	}
	for i := range p.Touchpoints {
		t := &p.Touchpoints[i]
		in.tps[t.ID] = t
		edge(EdgeHasTouchpoint, NodeRef{NodeStage, t.Stage}, NodeRef{NodeTouchpoint, t.ID})
		if t.Department != "" {
			edge(EdgeOwnedBy, NodeRef{NodeTouchpoint, t.ID}, NodeRef{NodeDepartment, t.Department})
		}
	}
	for i := range p.Indicators {
		x := &p.Indicators[i]
		in.inds[x.ID] = x
		edge(EdgeHasIndicator, NodeRef{NodeTouchpoint, x.Touchpoint}, NodeRef{NodeIndicator, x.ID})
		edge(EdgeOwnedBy, NodeRef{NodeIndicator, x.ID}, NodeRef{NodeDepartment, x.Department})
		if x.Parent != "" {
			edge(EdgeParentOf, NodeRef{NodeIndicator, x.Parent}, NodeRef{NodeIndicator, x.ID})
		}
		if x.Direction != nil {
			edge(EdgeHigherIs, NodeRef{NodeIndicator, x.ID}, NodeRef{NodeDirection, x.Direction.HigherIs})
			for _, t := range x.Direction.Except {
				edge(EdgeHigherIs, NodeRef{NodeTerm, normalize(t)}, NodeRef{NodeDirection, opposite(x.Direction.HigherIs)})
			}
		}
	}
	var pats []string
	patIdx := map[string]int{}
	var impl, compl patternIndex // implicit phrases, complaint phrases
	in.mappings = make([]Mapping, len(p.Aspects))
	in.context = make([][]string, len(p.Aspects))
	in.implicitN = make([][]string, len(p.Aspects))
	for i := range p.Aspects {
		a := &p.Aspects[i]
		in.asps[a.ID] = i
		x := in.inds[a.Indicator]
		tp := in.tps[x.Touchpoint]
		st := in.stages[tp.Stage]
		dp := in.depts[x.Department]
		in.mappings[i] = Mapping{
			IndustryID: p.ID, Industry: p.Name,
			StageID: st.ID, Stage: st.Name,
			TouchpointID: tp.ID, Touchpoint: tp.Name,
			IndicatorID: x.ID, Indicator: x.Name,
			AspectID: a.ID, Aspect: a.Name,
			DepartmentID: dp.ID, Department: dp.Name,
		}
		edge(EdgeHasAspect, NodeRef{NodeIndicator, a.Indicator}, NodeRef{NodeAspect, a.ID})
		if a.Direction != nil {
			edge(EdgeHigherIs, NodeRef{NodeAspect, a.ID}, NodeRef{NodeDirection, a.Direction.HigherIs})
			for _, t := range a.Direction.Except {
				edge(EdgeHigherIs, NodeRef{NodeTerm, normalize(t)}, NodeRef{NodeDirection, opposite(a.Direction.HigherIs)})
			}
		}
		for _, t := range a.Terms {
			n := normalize(t)
			edge(EdgeHasTerm, NodeRef{NodeAspect, a.ID}, NodeRef{NodeTerm, n})
			in.terms[n] = appendUnique(in.terms[n], int32(i))
			pi, ok := patIdx[n]
			if !ok {
				pi = len(pats)
				patIdx[n] = pi
				pats = append(pats, n)
				in.termRefs = append(in.termRefs, nil)
				in.termAsp = append(in.termAsp, nil)
			}
			if !containsInt32(in.termAsp[pi], int32(i)) {
				in.termAsp[pi] = append(in.termAsp[pi], int32(i))
				in.termRefs[pi] = append(in.termRefs[pi], TermRef{Industry: p.ID, AspectID: a.ID})
			}
		}
		for _, t := range a.Implicit {
			n := normalize(t)
			in.implicitN[i] = append(in.implicitN[i], n)
			for _, form := range implicitForms(n) {
				impl.add(form, int32(i))
			}
		}
		for _, c := range a.Context {
			in.context[i] = append(in.context[i], normalize(c))
		}
		for _, t := range a.Complaints {
			compl.add(normalize(t), int32(i))
		}
		for _, t := range a.Names {
			in.names = append(in.names, nameEnd{normalize(t), int32(i)})
		}
	}
	sort.SliceStable(in.names, func(x, y int) bool { return len(in.names[x].end) > len(in.names[y].end) })
	for i := range p.Rules {
		r := &p.Rules[i]
		in.rules[r.ID] = r
		edge(EdgeWatches, NodeRef{NodeRule, r.ID}, NodeRef{NodeIndicator, r.Indicator})
		edge(EdgeRoutesTo, NodeRef{NodeRule, r.ID}, NodeRef{NodeDepartment, r.RouteTo})
	}
	in.termM = newMatcher(pats)
	in.implicitM, in.implAsp = newMatcher(impl.pats), impl.asp
	in.complM, in.complAsp = newMatcher(compl.pats), compl.asp
	return in
}

// patternIndex gathers one matcher's patterns while an industry is built (implicit phrases,
// complaint phrases): each distinct pattern once, in first-seen order, with the indices of
// the aspects that list it.
type patternIndex struct {
	idx  map[string]int
	pats []string
	asp  [][]int32
}

// add records that aspect lists pattern pat.
func (x *patternIndex) add(pat string, aspect int32) {
	pi, ok := x.idx[pat]
	if !ok {
		if x.idx == nil {
			x.idx = map[string]int{}
		}
		pi = len(x.pats)
		x.idx[pat] = pi
		x.pats = append(x.pats, pat)
		x.asp = append(x.asp, nil)
	}
	x.asp[pi] = appendUnique(x.asp[pi], aspect)
}

func appendUnique(s []int32, v int32) []int32 {
	if containsInt32(s, v) {
		return s
	}
	return append(s, v)
}

func containsInt32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func (g *Graph) industry(id string) *industry {
	if g == nil {
		return nil
	}
	if in, ok := g.inds[id]; ok {
		return in
	}
	return g.byName[id]
}

// Industries lists the loaded industries, sorted by id.
func (g *Graph) Industries() []IndustryInfo {
	if g == nil {
		return nil
	}
	out := make([]IndustryInfo, 0, len(g.order))
	for _, in := range g.order {
		p := in.pack
		out = append(out, IndustryInfo{
			ID: p.ID, Name: p.Name, Version: p.Version, Description: p.Description, Hash: in.hash,
			Departments: len(p.Departments), Stages: len(p.Stages), Touchpoints: len(p.Touchpoints),
			Indicators: len(p.Indicators), Aspects: len(p.Aspects), Terms: len(in.terms), Rules: len(p.Rules),
		})
	}
	return out
}

// HasIndustry reports whether id (or a Chinese industry name) is loaded.
func (g *Graph) HasIndustry(id string) bool { return g.industry(id) != nil }

// Pack returns a copy of the effective pack (file plus added terms and indicators).
func (g *Graph) Pack(industry string) (*Pack, bool) {
	in := g.industry(industry)
	if in == nil {
		return nil, false
	}
	return in.pack.clone(), true
}

// Out follows edges of kind from a node; In follows them backwards.
func (g *Graph) Out(industry string, from NodeRef, kind EdgeKind) []NodeRef {
	in := g.industry(industry)
	if in == nil {
		return nil
	}
	if from.Type == NodeTerm {
		from.ID = normalize(from.ID)
	}
	return append([]NodeRef(nil), in.out[edgeKey{kind, from}]...)
}

// In lists the nodes with an edge of kind into to.
func (g *Graph) In(industry string, to NodeRef, kind EdgeKind) []NodeRef {
	in := g.industry(industry)
	if in == nil {
		return nil
	}
	if to.Type == NodeTerm {
		to.ID = normalize(to.ID)
	}
	return append([]NodeRef(nil), in.in[edgeKey{kind, to}]...)
}

// Indicator returns one indicator spec.
func (g *Graph) Indicator(industry, id string) (IndicatorSpec, bool) {
	in := g.industry(industry)
	if in == nil {
		return IndicatorSpec{}, false
	}
	x, ok := in.inds[id]
	if !ok {
		return IndicatorSpec{}, false
	}
	return *x, true
}

// Descendants returns id and all indicators below it in the hierarchy.
func (g *Graph) Descendants(industry, id string) []string {
	in := g.industry(industry)
	if in == nil {
		return nil
	}
	if _, ok := in.inds[id]; !ok {
		return nil
	}
	out := []string{id}
	seen := map[string]bool{id: true}
	for i := 0; i < len(out); i++ {
		for _, c := range in.out[edgeKey{EdgeParentOf, NodeRef{NodeIndicator, out[i]}}] {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c.ID)
			}
		}
	}
	return out
}

// AspectMapping returns the mapping of an aspect id (Confidence 1).
func (g *Graph) AspectMapping(industry, aspectID string) (Mapping, bool) {
	in := g.industry(industry)
	if in == nil {
		return Mapping{}, false
	}
	i, ok := in.asps[aspectID]
	if !ok {
		return Mapping{}, false
	}
	m := in.mappings[i]
	m.Confidence = 1
	return m, true
}

// Rules lists an industry's rules.
func (g *Graph) Rules(industry string) []RuleSpec {
	in := g.industry(industry)
	if in == nil {
		return nil
	}
	return append([]RuleSpec(nil), in.pack.Rules...)
}

// Compliance lists an industry's call-center QA rules.
func (g *Graph) Compliance(industry string) []ComplianceSpec {
	in := g.industry(industry)
	if in == nil {
		return nil
	}
	p := in.pack.clone()
	return p.Compliance
}

// UserDictWords returns every term and detect word of every industry (deduplicated,
// sorted, at least two characters, no spaces), for jieba's user dictionary.
func (g *Graph) UserDictWords() []string {
	if g == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	addw := func(w string) {
		w = strings.TrimSpace(w)
		if utf8.RuneCountInString(w) < 2 || strings.ContainsAny(w, " \t\u3000") || seen[w] {
			return
		}
		seen[w] = true
		out = append(out, w)
	}
	for _, in := range g.order {
		for _, a := range in.pack.Aspects {
			for _, t := range a.Terms {
				addw(t)
			}
		}
		for _, d := range in.pack.Detect {
			addw(d)
		}
	}
	sort.Strings(out)
	return out
}

// termMatcher is the term matcher of an industry ("" = all industries) and the graph
// references of its patterns; nil for a nil graph or an unknown industry.
func (g *Graph) termMatcher(industry string) (*matcher, [][]TermRef) {
	if g == nil {
		return nil, nil
	}
	if industry == "" {
		return g.all, g.allRefs
	}
	in := g.industry(industry)
	if in == nil {
		return nil, nil
	}
	return in.termM, in.termRefs
}

// FindTerms returns all known terms in text: rune offsets, leftmost-longest,
// non-overlapping. industry "" searches all industries.
func (g *Graph) FindTerms(industry, text string) []TermMatch {
	m, refs := g.termMatcher(industry)
	if m == nil {
		return nil
	}
	hits := m.findLongest(text)
	if len(hits) == 0 {
		return nil
	}
	out := make([]TermMatch, len(hits))
	for i, h := range hits {
		out[i] = TermMatch{Term: m.patterns[h.Pattern], Start: h.Start, End: h.End, Refs: refs[h.Pattern]}
	}
	return out
}

// FindAllTerms returns every occurrence of a known term in text, overlapping ones included
// (rune offsets, ordered by start, then longest first), so that a caller can keep only the
// occurrences that fall on word boundaries. industry "" searches all industries.
func (g *Graph) FindAllTerms(industry, text string) []TermMatch {
	m, refs := g.termMatcher(industry)
	if m == nil {
		return nil
	}
	var out []TermMatch
	m.findAll(text, func(h hit) {
		out = append(out, TermMatch{Term: m.patterns[h.Pattern], Start: h.Start, End: h.End, Refs: refs[h.Pattern]})
	})
	slices.SortFunc(out, func(a, b TermMatch) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	return out
}

// SingleCharOK reports whether a single-character term may match on its own in industry
// (the pack's single_char_ok list; industry "" asks every industry).
func (g *Graph) SingleCharOK(industry, term string) bool {
	if g == nil {
		return false
	}
	term = normalize(term)
	if industry == "" {
		for _, in := range g.order {
			if in.singleOK[term] {
				return true
			}
		}
		return false
	}
	in := g.industry(industry)
	return in != nil && in.singleOK[term]
}

// Direction follows the higher_is edge of the term (a direction's except list), else of
// its aspect, else of its indicator: "bad" when more is worse (油耗, 价格, 噪音), "good"
// when more is better (空间, 性价比), "" when the pack gives no direction.
func (g *Graph) Direction(industry, indicatorID, aspectID, term string) string {
	in := g.industry(industry)
	if in == nil {
		return ""
	}
	if term != "" {
		if d := in.out[edgeKey{EdgeHigherIs, NodeRef{NodeTerm, normalize(term)}}]; len(d) > 0 {
			return d[0].ID
		}
		// A longer term (a model's 苹果性价比) follows the known term it holds as its head:
		// the one ending last, the longest of those (Chinese compounds are head-final, so
		// 苹果性价比 is 性价比's, 优惠前价格 is 价格's).
		if h := g.headTerm(industry, term); h != "" {
			if d := in.out[edgeKey{EdgeHigherIs, NodeRef{NodeTerm, h}}]; len(d) > 0 {
				return d[0].ID
			}
		}
	}
	if aspectID != "" {
		if d := in.out[edgeKey{EdgeHigherIs, NodeRef{NodeAspect, aspectID}}]; len(d) > 0 {
			return d[0].ID
		}
	}
	if d := in.out[edgeKey{EdgeHigherIs, NodeRef{NodeIndicator, indicatorID}}]; len(d) > 0 {
		return d[0].ID
	}
	return ""
}

// headTerm is the known term inside term that ends last (the longest of those), "" when
// term holds none or is itself the only one.
func (g *Graph) headTerm(industry, term string) string {
	best, bs, be := "", 0, -1
	for _, t := range g.FindAllTerms(industry, term) {
		if t.End > be || (t.End == be && t.Start < bs) {
			best, bs, be = t.Term, t.Start, t.End
		}
	}
	if best == normalize(term) {
		return ""
	}
	return best
}

// InferIndustry guesses the industry of a text from detect words (weight 2) and terms
// (weight 1, split among the industries that share a term). confidence is in [0, 1]:
// the best industry's share of all evidence, damped when there is little evidence.
// It returns "", 0 when nothing matched.
func (g *Graph) InferIndustry(text string) (string, float64) {
	id, conf, _ := g.inferIndustry(text, false)
	return id, conf
}

// IndustryEvidence is InferIndustry together with the keyword evidence it weighed, per
// industry: the weights of the detect words (2) and terms (1, split among the industries
// sharing one) found in text, for the industries with any; ev is nil when nothing matched.
// One scan of the text serves both.
func (g *Graph) IndustryEvidence(text string) (id string, conf float64, ev map[string]float64) {
	return g.inferIndustry(text, true)
}

// IndustryEvidenceWords is IndustryEvidence counting a detect word or term only where it
// stands as a word of text: stands(start, end) (code-point offsets) reports that for words of
// two or more characters and that a word starts at start and another ends at end for a
// one-character one, which then counts only for the industries that list it in detect (书 of
// 书的质量 is ecommerce evidence, of 说明书 none) or in single_char_ok (味 of 品味 is no food
// evidence; 汤 alone is). The caller's word segmentation decides stands (package mention: the
// same test as its term matching).
func (g *Graph) IndustryEvidenceWords(text string, stands func(start, end int) bool) (id string, conf float64, ev map[string]float64) {
	return g.inferIndustryWhere(text, true, stands)
}

// inferIndustry is InferIndustry, and with withEvidence also IndustryEvidence's map.
func (g *Graph) inferIndustry(text string, withEvidence bool) (string, float64, map[string]float64) {
	return g.inferIndustryWhere(text, withEvidence, nil)
}

// inferIndustryWhere is inferIndustry; a non-nil stands keeps only the words standing in
// text, and one-character ones only for the industries listing them in detect or
// single_char_ok (IndustryEvidenceWords).
func (g *Graph) inferIndustryWhere(text string, withEvidence bool, stands func(start, end int) bool) (string, float64, map[string]float64) {
	if g == nil || len(g.order) == 0 {
		return "", 0, nil
	}
	var small [16]float64
	var scores []float64
	if len(g.order) <= len(small) {
		scores = small[:len(g.order)]
	} else {
		scores = make([]float64, len(g.order))
	}
	total := 0.0
	var keep func(h hit) bool
	if stands != nil {
		keep = func(h hit) bool { return stands(h.Start, h.End) }
	}
	for _, h := range g.infer.findLongestWhere(text, keep) {
		for _, iw := range g.inferW[h.Pattern] {
			if stands != nil && h.End-h.Start == 1 && !iw.detect && !g.order[iw.ind].singleOK[g.infer.patterns[h.Pattern]] {
				continue
			}
			scores[iw.ind] += iw.w
			total += iw.w
		}
	}
	if total == 0 {
		return "", 0, nil
	}
	best := 0
	for i, s := range scores {
		if s > scores[best] {
			best = i
		}
	}
	var ev map[string]float64
	if withEvidence {
		ev = make(map[string]float64, 4)
		for i, s := range scores {
			if s > 0 {
				ev[g.order[i].pack.ID] = s
			}
		}
	}
	conf := scores[best] / total * (1 - math.Exp(-scores[best]/2))
	return g.order[best].pack.ID, math.Round(conf*1000) / 1000, ev
}

// Confidence levels used by MapAspect.
const (
	confExact        = 0.95 // term known, one aspect
	confAmbiguousTie = 0.4  // term known, several aspects, context does not decide
	confSubTerm      = 0.85 // factor when only a part of the term is known
	confImplicitOp   = 0.8  // implicit phrase equals the opinion
	confImplicitIn   = 0.7  // implicit phrase inside the opinion
	confImplicitSent = 0.55 // implicit phrase found in the sentence only
	confUnknownTerm  = 0.6  // factor when the term is unknown and the opinion decided
)

// MapAspect places an aspect mention: term → Aspect → Indicator → Touchpoint → Stage →
// Department. A term that several aspects share is decided by their context words in the
// sentence (and implicit phrases in the opinion); a term not in the pack is tried through
// the known terms inside it (物流速度 → 物流); an empty term (implicit aspect) is mapped from
// the opinion through the aspects' implicit phrases. industry "" infers the industry from
// the sentence. It reports false when nothing fits.
func (g *Graph) MapAspect(industry, sentence, term, opinion string) (Mapping, bool) {
	return g.mapAspect(industry, sentence, term, opinion, true)
}

// MapAspectOwn is MapAspect where only what the mention holds places it: the term, the
// known terms inside it and the implicit phrases of its opinion; the sentence's words only
// decide between the aspects those name (an implicit phrase elsewhere in the sentence places
// nothing). With an industry given, it reports false exactly where MapAspect(industry, "",
// term, opinion) does, and otherwise returns what MapAspect(industry, sentence, term,
// opinion) returns (one lookup for the two), but for an unknown term that is, whole, an
// implicit phrase while the opinion holds none: MapAspectOwn places it as that phrase, where
// MapAspect takes the sentence's longest implicit phrase (物有所值。小巧 … with term 小巧:
// appearance_design here, price there).
func (g *Graph) MapAspectOwn(industry, sentence, term, opinion string) (Mapping, bool) {
	return g.mapAspect(industry, sentence, term, opinion, false)
}

// mapAspect is MapAspect; inSentence lets an implicit phrase found only in the sentence
// place the mention.
func (g *Graph) mapAspect(industry, sentence, term, opinion string, inSentence bool) (Mapping, bool) {
	if g == nil {
		return Mapping{}, false
	}
	if industry == "" {
		industry, _ = g.InferIndustry(sentence + " " + term + " " + opinion)
	}
	in := g.industry(industry)
	if in == nil {
		return Mapping{}, false
	}
	term = strings.TrimSpace(term)
	if term != "" {
		if asps, ok := in.terms[normalize(term)]; ok {
			return in.decide(asps, sentence, term, opinion, 1)
		}
		// Known terms inside the given term: take the longest (rightmost on ties, the head
		// of a Chinese noun phrase).
		if hits := in.termM.findLongest(term); len(hits) > 0 {
			best := hits[0]
			for _, h := range hits[1:] {
				if h.End-h.Start >= best.End-best.Start {
					best = h
				}
			}
			return in.decide(in.termAsp[best.Pattern], sentence, term, opinion, confSubTerm)
		}
		// A proper name by its ending (泸沽湖, 金阁寺: AspectSpec.Names).
		if m, ok := in.properName(term); ok {
			m.Confidence = round3(m.Confidence * confUnknownTerm)
			return m, true
		}
		if m, ok := in.implicit(sentence, opinion, inSentence); ok {
			m.Confidence = round3(m.Confidence * confUnknownTerm)
			return m, true
		}
		// A term that is itself one of the pack's implicit phrases (小巧, 物美价廉: the
		// aspect model gives evaluations as terms) is placed as that phrase; only the whole
		// term counts, never a phrase inside it.
		if m, ok := in.implicitWhole(sentence, term); ok {
			m.Confidence = round3(m.Confidence * confUnknownTerm)
			return m, true
		}
		return Mapping{}, false
	}
	return in.implicit(sentence, opinion, inSentence)
}

// decide picks one of the candidate aspects by their context words in the sentence (the
// term itself blanked out: 快递 must not count as context 快) and their implicit phrases in
// the opinion.
func (in *industry) decide(asps []int32, sentence, term, opinion string, factor float64) (Mapping, bool) {
	if len(asps) == 0 {
		return Mapping{}, false
	}
	if len(asps) == 1 {
		m := in.mappings[asps[0]]
		m.Confidence = round3(confExact * factor)
		return m, true
	}
	ns, no := normalize(sentence), normalize(opinion)
	if nt := normalize(term); nt != "" {
		ns = strings.ReplaceAll(ns, nt, "\x00")
	}
	best, second := -1.0, -1.0
	bi := asps[0]
	for _, a := range asps {
		s := 0.0
		for _, c := range in.context[a] {
			if c != "" && strings.Contains(ns, c) {
				s++
			}
		}
		if no != "" {
			for _, p := range in.implicitN[a] {
				if p != "" && (strings.Contains(no, p) || strings.Contains(p, no)) {
					s += 1.5
					break
				}
			}
		}
		if s > best {
			second = best
			best, bi = s, a
		} else if s > second {
			second = s
		}
	}
	m := in.mappings[bi]
	if best <= second || best == 0 {
		m.Confidence = round3(confAmbiguousTie * factor)
	} else {
		m.Confidence = round3((0.6 + 0.3*math.Min(1, (best-second)/2)) * factor)
	}
	return m, true
}

// implicit maps an opinion (or, failing that, the sentence) through implicit phrases.
// implicitForms are the forms an implicit phrase is matched in: the phrase, and without a
// sentence-final particle (太慢了 → 太慢) when two or more characters remain, because opinion
// spans end before such particles (the aspect model's spans and the mention policy's
// cleaned opinions both do).
func implicitForms(n string) []string {
	rs := []rune(n)
	if len(rs) >= 3 && strings.ContainsRune("了啦呀啊哦呢吧的", rs[len(rs)-1]) {
		return []string{n, string(rs[:len(rs)-1])}
	}
	return []string{n}
}

// nameEnd is one proper-name ending of an aspect (AspectSpec.Names).
type nameEnd struct {
	end    string
	aspect int32
}

// properName places a term that reads as a proper name of an aspect's thing: Han characters
// only, ending in one of the aspect's Names with at least two characters before it (泸沽湖,
// 鼓浪屿; never 西湖's two characters, nor 湖 alone).
func (in *industry) properName(term string) (Mapping, bool) {
	n := normalize(term)
	for _, r := range n {
		if !unicode.Is(unicode.Han, r) {
			return Mapping{}, false
		}
	}
	for _, x := range in.names {
		if strings.HasSuffix(n, x.end) && utf8.RuneCountInString(n)-utf8.RuneCountInString(x.end) >= 2 {
			m := in.mappings[x.aspect]
			m.Confidence = confExact
			return m, true
		}
	}
	return Mapping{}, false
}

// implicitWhole maps a phrase that is, whole, one of the implicit phrases (or one of its
// implicitForms, which the matcher holds).
func (in *industry) implicitWhole(sentence, phrase string) (Mapping, bool) {
	n := normalize(strings.TrimSpace(phrase))
	if n == "" {
		return Mapping{}, false
	}
	for _, h := range in.implicitM.findLongest(phrase) {
		if in.implicitM.patterns[h.Pattern] == n {
			return in.decideImplicit(in.implAsp[h.Pattern], sentence, confImplicitOp)
		}
	}
	return Mapping{}, false
}

func (in *industry) implicit(sentence, opinion string, inSentence bool) (Mapping, bool) {
	opinion = strings.TrimSpace(opinion)
	if opinion != "" {
		no := normalize(opinion)
		if hits := in.implicitM.findLongest(opinion); len(hits) > 0 {
			best := hits[0]
			for _, h := range hits[1:] {
				if h.End-h.Start > best.End-best.Start {
					best = h
				}
			}
			conf := confImplicitIn
			if in.implicitM.patterns[best.Pattern] == no {
				conf = confImplicitOp
			}
			return in.decideImplicit(in.implAsp[best.Pattern], sentence, conf)
		}
	}
	if sentence != "" && inSentence {
		if hits := in.implicitM.findLongest(sentence); len(hits) > 0 {
			best := hits[0]
			for _, h := range hits[1:] {
				if h.End-h.Start > best.End-best.Start {
					best = h
				}
			}
			return in.decideImplicit(in.implAsp[best.Pattern], sentence, confImplicitSent)
		}
	}
	return Mapping{}, false
}

func (in *industry) decideImplicit(asps []int32, sentence string, conf float64) (Mapping, bool) {
	if len(asps) == 1 {
		m := in.mappings[asps[0]]
		m.Confidence = conf
		return m, true
	}
	m, ok := in.decide(asps, sentence, "", "", 1)
	m.Confidence = round3(m.Confidence * conf / confExact)
	return m, ok
}

func opposite(higherIs string) string {
	if higherIs == HigherIsBad {
		return HigherIsGood
	}
	return HigherIsBad
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// AspectModel is the aspect model folder that industry's pack names (aspect_model), "" when it
// names none or the industry is not loaded: the engine's default aspect model reads it.
func (g *Graph) AspectModel(industry string) string {
	if g == nil || industry == "" {
		return ""
	}
	in := g.industry(industry)
	if in == nil {
		return ""
	}
	return in.pack.AspectModel
}
