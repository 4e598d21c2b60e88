package kg

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Pack is one industry pack as written in knowledge-graph/industries/<id>.yaml (see SCHEMA.md there).
type Pack struct {
	ID          string           `yaml:"id"`
	Name        string           `yaml:"name"`
	Version     int              `yaml:"version"`
	Description string           `yaml:"description,omitempty"`
	Detect      []string         `yaml:"detect,omitempty"`
	Departments []DepartmentSpec `yaml:"departments"`
	Stages      []StageSpec      `yaml:"stages"`
	Touchpoints []TouchpointSpec `yaml:"touchpoints"`
	Indicators  []IndicatorSpec  `yaml:"indicators"`
	Aspects     []AspectSpec     `yaml:"aspects"`
	Rules       []RuleSpec       `yaml:"rules,omitempty"`
	Compliance  []ComplianceSpec `yaml:"compliance,omitempty"`
	// SingleCharOK lists the single-character terms that may match on their own (汤, 鱼, 床):
	// a single-character term not listed here never matches as a term (价 in 评价, 酸 in 酸汤鱼).
	SingleCharOK []string `yaml:"single_char_ok,omitempty"`
	// AspectModel names the aspect model folder (in the engine's models directory) that reads
	// this industry's records instead of the engine's default aspect model; "" = the default.
	AspectModel string `yaml:"aspect_model,omitempty"`

	Line int `yaml:"-"` // line of the pack's top-level mapping (1 when parsed from a file)
}

// DepartmentSpec is an owner of touchpoints, indicators and tasks.
type DepartmentSpec struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	Line int    `yaml:"-"`
}

// StageSpec is one step of the customer journey.
type StageSpec struct {
	ID    string `yaml:"id"`
	Name  string `yaml:"name"`
	Order int    `yaml:"order"`
	Line  int    `yaml:"-"`
}

// TouchpointSpec is where the customer meets the business within a stage.
type TouchpointSpec struct {
	ID         string `yaml:"id"`
	Name       string `yaml:"name"`
	Stage      string `yaml:"stage"`
	Department string `yaml:"department,omitempty"`
	Line       int    `yaml:"-"`
}

// IndicatorSpec is a measurable quality of a touchpoint. Department defaults to the
// touchpoint's department; Parent is optional (indicator hierarchy, cycles rejected).
type IndicatorSpec struct {
	ID         string `yaml:"id" json:"id"`
	Name       string `yaml:"name" json:"name"`
	Touchpoint string `yaml:"touchpoint" json:"touchpoint"`
	Department string `yaml:"department,omitempty" json:"department,omitempty"`
	Parent     string `yaml:"parent,omitempty" json:"parent,omitempty"`
	// Direction says whether more of the indicator is bad (油耗, 价格, 噪音) or good (空间,
	// 性价比); nil when it has no direction.
	Direction *DirectionSpec `yaml:"direction,omitempty" json:"direction,omitempty"`
	Line      int            `yaml:"-" json:"-"`
}

// DirectionSpec is the direction of an indicator or aspect: HigherIs is "bad" or "good".
// Except lists terms with the opposite direction (性价比, 优惠力度 under a price that is
// bad when higher).
type DirectionSpec struct {
	HigherIs string   `yaml:"higher_is" json:"higher_is"`
	Except   []string `yaml:"except,omitempty" json:"except,omitempty"`
}

// Directions a pack may give.
const (
	HigherIsBad  = "bad"
	HigherIsGood = "good"
)

// AspectSpec is what customers talk about, with the words they use for it.
type AspectSpec struct {
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name"`
	Indicator string   `yaml:"indicator"`
	Terms     []string `yaml:"terms,omitempty"`
	Implicit  []string `yaml:"implicit,omitempty"`
	Context   []string `yaml:"context,omitempty"`
	// Complaints are event phrases that report something gone wrong by themselves, with
	// no opinion word (迟到, 少送, 流量用完, 登不上): the mention policy reads one in a
	// clause as a pain of this aspect (Graph.FindComplaints).
	Complaints []string `yaml:"complaints,omitempty"`
	// Names are the endings of proper names of this aspect's things (湖, 寺, 岛: 泸沽湖, 金阁寺,
	// 鼓浪屿): a term the pack does not know, of Han characters, with at least two of them
	// before the ending and no known term inside, is placed here (Graph.MapAspect), before
	// the implicit phrases of its opinion (金阁寺很安静 is the temple's calm, not a room's).
	// Never matched in running text; no shipped pack lists any yet.
	Names []string `yaml:"names,omitempty"`
	// Direction overrides the indicator's direction for this aspect (性价比 under 价格).
	Direction *DirectionSpec `yaml:"direction,omitempty"`
	Line      int            `yaml:"-"`
}

// RuleSpec turns counters into improvement tasks.
type RuleSpec struct {
	ID               string  `yaml:"id"`
	Indicator        string  `yaml:"indicator"`
	Point            string  `yaml:"point"`
	MinMentions      int     `yaml:"min_mentions"`
	ShareAbove       float64 `yaml:"share_above,omitempty"`
	WowIncreaseAbove float64 `yaml:"wow_increase_above,omitempty"`
	WindowDays       int     `yaml:"window_days,omitempty"`
	Severity         string  `yaml:"severity"`
	RouteTo          string  `yaml:"route_to"`
	Line             int     `yaml:"-"`
}

// ComplianceSpec is a call-center QA rule for the agent side of transcripts.
type ComplianceSpec struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Kind    string   `yaml:"kind"`
	Phrases []string `yaml:"phrases"`
	Line    int      `yaml:"-"`
}

// Allowed enumerations.
var (
	validPoints     = []string{PointPain, PointItch, PointPleasure}
	validSeverities = []string{"low", "medium", "high", "critical"}
	validKinds      = []string{"required_start", "required_end", "required_on_complaint", "forbidden", "identity"}
)

// Point kinds.
const (
	PointPain     = "pain"
	PointItch     = "itch"
	PointPleasure = "pleasure"
)

// DefaultWindowDays is a rule's window when window_days is omitted.
const DefaultWindowDays = 7

// maxTermRunes bounds one term, implicit phrase, context or detect word.
const maxTermRunes = 32

var idRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// modelNameRe is a model folder name a pack may give as its aspect_model.
var modelNameRe = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// PackError is one problem found in a pack, located by file and line.
type PackError struct {
	File string
	Line int
	Msg  string
}

func (e *PackError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// HashPack is the content hash stored with a pack (hex SHA-256 of the file bytes).
func HashPack(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// ParsePack parses and validates one pack. file names the source in errors. Every
// problem is reported as a *PackError ("file:line: reason"), joined with errors.Join.
func ParsePack(file string, data []byte) (*Pack, error) {
	p, err := decodePack(file, data)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(file); err != nil {
		return nil, err
	}
	return p, nil
}

func decodePack(file string, data []byte) (*Pack, error) {
	if !utf8.Valid(data) {
		return nil, &PackError{File: file, Msg: "not valid UTF-8"}
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &PackError{File: file, Msg: "empty pack"}
		}
		return nil, yamlError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &PackError{File: file, Line: extra.Line, Msg: "more than one YAML document"}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(file, err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, &PackError{File: file, Line: root.Line, Msg: "pack must be a YAML mapping"}
	}
	top := root.Content[0]
	var errs []error
	add := func(line int, format string, a ...any) {
		errs = append(errs, &PackError{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	p := &Pack{Line: top.Line}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		var err error
		switch k.Value {
		case "id":
			err = decodeScalar(v, &p.ID)
		case "name":
			err = decodeScalar(v, &p.Name)
		case "version":
			err = decodeScalar(v, &p.Version)
		case "description":
			err = decodeScalar(v, &p.Description)
		case "detect":
			err = decodeStrings(v, &p.Detect)
		case "departments":
			err = decodeList(v, &p.Departments, []string{"id", "name"}, add)
		case "stages":
			err = decodeList(v, &p.Stages, []string{"id", "name", "order"}, add)
		case "touchpoints":
			err = decodeList(v, &p.Touchpoints, []string{"id", "name", "stage", "department"}, add)
		case "indicators":
			err = decodeList(v, &p.Indicators, []string{"id", "name", "touchpoint", "department", "parent", "direction"}, add)
		case "aspects":
			err = decodeList(v, &p.Aspects, []string{"id", "name", "indicator", "terms", "implicit", "context", "complaints", "names", "direction"}, add)
		case "rules":
			err = decodeList(v, &p.Rules, []string{"id", "indicator", "point", "min_mentions", "share_above", "wow_increase_above", "window_days", "severity", "route_to"}, add)
		case "compliance":
			err = decodeList(v, &p.Compliance, []string{"id", "name", "kind", "phrases"}, add)
		case "single_char_ok":
			err = decodeStrings(v, &p.SingleCharOK)
		case "aspect_model":
			err = decodeScalar(v, &p.AspectModel)
		default:
			add(k.Line, "unknown field %q", k.Value)
		}
		if err != nil {
			errs = append(errs, yamlErrorAt(file, v.Line, k.Value, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	setLines(top, p)
	return p, nil
}

func decodeScalar(v *yaml.Node, dst any) error {
	if v.Kind != yaml.ScalarNode {
		return errors.New("expected a scalar value")
	}
	return v.Decode(dst)
}

func decodeStrings(v *yaml.Node, dst *[]string) error {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return errors.New("expected a list of strings")
	}
	for _, it := range v.Content {
		if it.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: expected a string", it.Line)
		}
	}
	return v.Decode(dst)
}

// decodeList decodes a sequence of mappings, rejecting unknown keys.
func decodeList[T any](v *yaml.Node, dst *[]T, allowed []string, add func(int, string, ...any)) error {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return errors.New("expected a list")
	}
	for _, it := range v.Content {
		if it.Kind != yaml.MappingNode {
			add(it.Line, "expected a mapping (id: …, name: …)")
			continue
		}
		for i := 0; i+1 < len(it.Content); i += 2 {
			k := it.Content[i]
			known := false
			for _, a := range allowed {
				if k.Value == a {
					known = true
					break
				}
			}
			if !known {
				add(k.Line, "unknown field %q", k.Value)
			}
		}
	}
	return v.Decode(dst)
}

// setLines copies item lines from the node tree into the decoded pack.
func setLines(top *yaml.Node, p *Pack) {
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if v.Kind != yaml.SequenceNode {
			continue
		}
		for j, it := range v.Content {
			switch k.Value {
			case "departments":
				p.Departments[j].Line = it.Line
			case "stages":
				p.Stages[j].Line = it.Line
			case "touchpoints":
				p.Touchpoints[j].Line = it.Line
			case "indicators":
				p.Indicators[j].Line = it.Line
			case "aspects":
				p.Aspects[j].Line = it.Line
			case "rules":
				p.Rules[j].Line = it.Line
			case "compliance":
				p.Compliance[j].Line = it.Line
			}
		}
	}
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		fmt.Sscanf(m[1], "%d", &line)
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return &PackError{File: file, Line: line, Msg: "bad YAML: " + msg}
}

func yamlErrorAt(file string, line int, field string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		fmt.Sscanf(m[1], "%d", &line)
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return &PackError{File: file, Line: line, Msg: fmt.Sprintf("%s: %s", field, msg)}
}

// Validate checks ids, names, references, indicator cycles and enumerations. It fills
// defaults (window_days, indicator department from its touchpoint).
func (p *Pack) Validate(file string) error {
	var errs []error
	add := func(line int, format string, a ...any) {
		errs = append(errs, &PackError{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
	}
	checkID := func(kind, id string, line int) {
		switch {
		case id == "":
			add(line, "%s: empty id", kind)
		case !idRe.MatchString(id):
			add(line, "%s %q: id must be lower_snake_case ASCII", kind, id)
		}
	}
	checkName := func(kind, id, name string, line int) {
		if strings.TrimSpace(name) == "" {
			add(line, "%s %q: empty name", kind, id)
		}
	}
	// Entries equal after folding (APP / app / ＡＰＰ) are harmless duplicates: matching
	// folds them anyway, so they are accepted and merged when the graph is built.
	checkWords := func(kind, id, field string, words []string, line int) {
		for _, w := range words {
			switch {
			case strings.TrimSpace(w) == "":
				add(line, "%s %q: empty entry in %s", kind, id, field)
			case utf8.RuneCountInString(w) > maxTermRunes:
				add(line, "%s %q: %s entry %q longer than %d characters", kind, id, field, w, maxTermRunes)
			case strings.ContainsAny(w, "\n\r\t"):
				add(line, "%s %q: %s entry %q contains a control character", kind, id, field, w)
			}
		}
	}
	checkID("industry", p.ID, p.Line)
	checkName("industry", p.ID, p.Name, p.Line)
	if p.Version < 1 {
		add(p.Line, "industry %q: version must be ≥ 1", p.ID)
	}
	checkWords("industry", p.ID, "detect", p.Detect, p.Line)
	if p.AspectModel != "" && (!modelNameRe.MatchString(p.AspectModel) || p.AspectModel == "." || p.AspectModel == "..") {
		add(p.Line, "industry %q: aspect_model %q must be a model folder name (letters, digits, . _ -)", p.ID, p.AspectModel)
	}
	for _, w := range p.SingleCharOK {
		if utf8.RuneCountInString(strings.TrimSpace(w)) != 1 {
			add(p.Line, "industry %q: single_char_ok entry %q is not one character", p.ID, w)
		}
	}
	checkDir := func(kind, id string, d *DirectionSpec, line int) {
		if d != nil && d.HigherIs != HigherIsBad && d.HigherIs != HigherIsGood {
			add(line, "%s %q: direction.higher_is %q (want bad | good)", kind, id, d.HigherIs)
		}
	}

	depts := map[string]int{}
	for _, d := range p.Departments {
		checkID("department", d.ID, d.Line)
		checkName("department", d.ID, d.Name, d.Line)
		if l, ok := depts[d.ID]; ok && d.ID != "" {
			add(d.Line, "duplicate department id %q (first at line %d)", d.ID, l)
		}
		depts[d.ID] = d.Line
	}
	stages := map[string]int{}
	for _, s := range p.Stages {
		checkID("stage", s.ID, s.Line)
		checkName("stage", s.ID, s.Name, s.Line)
		if l, ok := stages[s.ID]; ok && s.ID != "" {
			add(s.Line, "duplicate stage id %q (first at line %d)", s.ID, l)
		}
		stages[s.ID] = s.Line
	}
	tps := map[string]*TouchpointSpec{}
	for i := range p.Touchpoints {
		t := &p.Touchpoints[i]
		checkID("touchpoint", t.ID, t.Line)
		checkName("touchpoint", t.ID, t.Name, t.Line)
		if o, ok := tps[t.ID]; ok && t.ID != "" {
			add(t.Line, "duplicate touchpoint id %q (first at line %d)", t.ID, o.Line)
		}
		tps[t.ID] = t
		if _, ok := stages[t.Stage]; !ok {
			add(t.Line, "touchpoint %q: unknown stage %q", t.ID, t.Stage)
		}
		if _, ok := depts[t.Department]; t.Department != "" && !ok {
			add(t.Line, "touchpoint %q: unknown department %q", t.ID, t.Department)
		}
	}
	inds := map[string]*IndicatorSpec{}
	for i := range p.Indicators {
		in := &p.Indicators[i]
		checkID("indicator", in.ID, in.Line)
		checkName("indicator", in.ID, in.Name, in.Line)
		if o, ok := inds[in.ID]; ok && in.ID != "" {
			add(in.Line, "duplicate indicator id %q (first at line %d)", in.ID, o.Line)
		}
		inds[in.ID] = in
		checkDir("indicator", in.ID, in.Direction, in.Line)
		tp, ok := tps[in.Touchpoint]
		if !ok {
			add(in.Line, "indicator %q: unknown touchpoint %q", in.ID, in.Touchpoint)
		}
		if in.Department != "" {
			if _, ok := depts[in.Department]; !ok {
				add(in.Line, "indicator %q: unknown department %q", in.ID, in.Department)
			}
		} else if ok && tp.Department == "" {
			add(in.Line, "indicator %q: no department (neither on the indicator nor on touchpoint %q)", in.ID, tp.ID)
		}
	}
	for _, in := range p.Indicators {
		if in.Parent == "" {
			continue
		}
		if _, ok := inds[in.Parent]; !ok {
			add(in.Line, "indicator %q: unknown parent %q", in.ID, in.Parent)
		}
	}
	// Cycles in parents: walk up from each indicator.
	reported := map[string]bool{}
	for _, in := range p.Indicators {
		seen := map[string]bool{in.ID: true}
		path := []string{in.ID}
		for cur := inds[in.ID]; cur != nil && cur.Parent != ""; {
			next, ok := inds[cur.Parent]
			if !ok {
				break
			}
			path = append(path, next.ID)
			if seen[next.ID] {
				key := cycleKey(path)
				if !reported[key] {
					reported[key] = true
					add(in.Line, "indicator %q: cycle in parents: %s", in.ID, strings.Join(path, " → "))
				}
				break
			}
			seen[next.ID] = true
			cur = next
		}
	}
	asps := map[string]int{}
	for _, a := range p.Aspects {
		checkID("aspect", a.ID, a.Line)
		checkName("aspect", a.ID, a.Name, a.Line)
		if l, ok := asps[a.ID]; ok && a.ID != "" {
			add(a.Line, "duplicate aspect id %q (first at line %d)", a.ID, l)
		}
		asps[a.ID] = a.Line
		checkDir("aspect", a.ID, a.Direction, a.Line)
		if _, ok := inds[a.Indicator]; !ok {
			add(a.Line, "aspect %q: unknown indicator %q", a.ID, a.Indicator)
		}
		if len(a.Terms) == 0 && len(a.Implicit) == 0 {
			add(a.Line, "aspect %q: needs at least one term or implicit phrase", a.ID)
		}
		checkWords("aspect", a.ID, "terms", a.Terms, a.Line)
		checkWords("aspect", a.ID, "implicit", a.Implicit, a.Line)
		checkWords("aspect", a.ID, "context", a.Context, a.Line)
		checkWords("aspect", a.ID, "complaints", a.Complaints, a.Line)
		checkWords("aspect", a.ID, "names", a.Names, a.Line)
	}
	rules := map[string]int{}
	for i := range p.Rules {
		r := &p.Rules[i]
		checkID("rule", r.ID, r.Line)
		if l, ok := rules[r.ID]; ok && r.ID != "" {
			add(r.Line, "duplicate rule id %q (first at line %d)", r.ID, l)
		}
		rules[r.ID] = r.Line
		if _, ok := inds[r.Indicator]; !ok {
			add(r.Line, "rule %q: unknown indicator %q", r.ID, r.Indicator)
		}
		if !contains(validPoints, r.Point) {
			add(r.Line, "rule %q: unknown point %q (want pain | itch | pleasure)", r.ID, r.Point)
		}
		if !contains(validSeverities, r.Severity) {
			add(r.Line, "rule %q: unknown severity %q (want low | medium | high | critical)", r.ID, r.Severity)
		}
		if _, ok := depts[r.RouteTo]; !ok {
			add(r.Line, "rule %q: unknown route_to department %q", r.ID, r.RouteTo)
		}
		if r.MinMentions < 0 {
			add(r.Line, "rule %q: min_mentions must be ≥ 0", r.ID)
		}
		if r.ShareAbove < 0 || r.ShareAbove > 1 {
			add(r.Line, "rule %q: share_above must be within [0, 1]", r.ID)
		}
		if r.WowIncreaseAbove < 0 {
			add(r.Line, "rule %q: wow_increase_above must be ≥ 0", r.ID)
		}
		if r.ShareAbove == 0 && r.WowIncreaseAbove == 0 {
			add(r.Line, "rule %q: needs share_above or wow_increase_above", r.ID)
		}
		if r.WindowDays < 0 || r.WindowDays > 366 {
			add(r.Line, "rule %q: window_days must be within [1, 366]", r.ID)
		}
	}
	comp := map[string]int{}
	for _, c := range p.Compliance {
		checkID("compliance", c.ID, c.Line)
		checkName("compliance", c.ID, c.Name, c.Line)
		if l, ok := comp[c.ID]; ok && c.ID != "" {
			add(c.Line, "duplicate compliance id %q (first at line %d)", c.ID, l)
		}
		comp[c.ID] = c.Line
		if !contains(validKinds, c.Kind) {
			add(c.Line, "compliance %q: unknown kind %q (want %s)", c.ID, c.Kind, strings.Join(validKinds, " | "))
		}
		if len(c.Phrases) == 0 {
			add(c.Line, "compliance %q: no phrases", c.ID)
		}
		checkWords("compliance", c.ID, "phrases", c.Phrases, c.Line)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Defaults, only once the pack is known good.
	for i := range p.Indicators {
		if p.Indicators[i].Department == "" {
			p.Indicators[i].Department = tps[p.Indicators[i].Touchpoint].Department
		}
	}
	for i := range p.Rules {
		if p.Rules[i].WindowDays == 0 {
			p.Rules[i].WindowDays = DefaultWindowDays
		}
	}
	return nil
}

func cycleKey(path []string) string {
	// The cycle is the tail starting at the first repeat of the last element.
	last := path[len(path)-1]
	start := 0
	for i, id := range path {
		if id == last {
			start = i
			break
		}
	}
	cyc := append([]string(nil), path[start:len(path)-1]...)
	sort.Strings(cyc)
	return strings.Join(cyc, ",")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clone returns a deep copy so that callers can extend a pack without touching shared data.
func (p *Pack) clone() *Pack {
	q := *p
	q.Detect = append([]string(nil), p.Detect...)
	q.SingleCharOK = append([]string(nil), p.SingleCharOK...)
	q.Departments = append([]DepartmentSpec(nil), p.Departments...)
	q.Stages = append([]StageSpec(nil), p.Stages...)
	q.Touchpoints = append([]TouchpointSpec(nil), p.Touchpoints...)
	q.Indicators = append([]IndicatorSpec(nil), p.Indicators...)
	q.Aspects = make([]AspectSpec, len(p.Aspects))
	for i, a := range p.Aspects {
		a.Terms = append([]string(nil), a.Terms...)
		a.Implicit = append([]string(nil), a.Implicit...)
		a.Context = append([]string(nil), a.Context...)
		a.Complaints = append([]string(nil), a.Complaints...)
		a.Names = append([]string(nil), a.Names...)
		q.Aspects[i] = a
	}
	q.Rules = append([]RuleSpec(nil), p.Rules...)
	q.Compliance = make([]ComplianceSpec, len(p.Compliance))
	for i, c := range p.Compliance {
		c.Phrases = append([]string(nil), c.Phrases...)
		q.Compliance[i] = c
	}
	return &q
}

// MarshalPack writes a pack back to YAML in the schema's layout.
func MarshalPack(p *Pack, w io.Writer) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("encode pack %s: %w", p.ID, err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("encode pack %s: %w", p.ID, err)
	}
	return nil
}
