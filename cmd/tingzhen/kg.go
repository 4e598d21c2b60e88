package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/kg"
	"github.com/tingzhen/tingzhen/mention"
	"github.com/tingzhen/tingzhen/store"
)

func init() {
	register(command{"kg", "knowledge graph: load, industries, export, map, add-term, add-indicator, candidates, stats, tasks", cmdKG})
}

const kgUsage = `Usage: tingzhen kg <subcommand> [flags]

Subcommands:
  load                          validate and load the industry packs into the store (file:line errors)
  industries                    list loaded industries with versions
  export   --industry ID        write an industry back as YAML
  map      --industry ID --sentence S [--term T] [--opinion O]
                                place an aspect mention on the graph
  add-term --industry ID --aspect ASPECT_ID TERM...
  add-indicator --industry ID --id ID --name NAME --touchpoint TP [--department D] [--parent P]
  candidates [--industry ID] [--limit N]
                                terms seen in analyses that the graph does not know
  stats    --industry ID [--days N] [--department D]
                                top pain aspects and counters per indicator (event time; see also tingzhen insights)
  tasks    [--industry ID] [--evaluate]
                                alias of tingzhen tasks list (--evaluate: tasks evaluate first)

Common flags: --data DIR (Badger store, default ./data), --packs DIR (default HOME/knowledge-graph/industries), --home DIR.
`

func cmdKG(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, kgUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub := args[0]
	if sub == "tasks" {
		return kgTasksAlias(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("kg "+sub, flag.ContinueOnError)
	home := fs.String("home", os.Getenv("TINGZHEN_HOME"), "installation root")
	data := fs.String("data", "./data", "Badger directory of the knowledge graph")
	packs := fs.String("packs", "", "industry pack directory (default HOME/knowledge-graph/industries)")
	industry := fs.String("industry", "", "industry id")
	sentence := fs.String("sentence", "", "sentence (map)")
	term := fs.String("term", "", "aspect term (map)")
	opinion := fs.String("opinion", "", "opinion (map)")
	aspect := fs.String("aspect", "", "aspect id (add-term)")
	id := fs.String("id", "", "indicator id (add-indicator)")
	name := fs.String("name", "", "indicator name (add-indicator)")
	touchpoint := fs.String("touchpoint", "", "touchpoint id (add-indicator)")
	department := fs.String("department", "", "department id (add-indicator, stats)")
	parent := fs.String("parent", "", "parent indicator id (add-indicator)")
	limit := fs.Int("limit", 50, "most rows to list")
	days := fs.Int("days", 7, "window in days (stats)")
	var so storeOptFlags
	so.register(fs)
	if ok, code := parseFlags(fs, args[1:], stderr); !ok {
		return code
	}
	if *home == "" {
		*home = "."
	}
	if *packs == "" {
		*packs = filepath.Join(*home, "knowledge-graph", "industries")
	}
	opt := store.Options{Dir: *data, PacksDir: *packs} // loading is idempotent: unchanged packs write nothing
	so.apply(&opt)
	if sub == "load" {
		opt.PacksDir = "" // loaded below, with the report printed
	}
	st, err := store.Open(ctx, opt)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen kg: %v\n", err)
		return exitUsage
	}
	defer st.Close()
	out := json.NewEncoder(stdout)
	out.SetEscapeHTML(false)
	out.SetIndent("", "  ")
	fail := func(err error) int {
		fmt.Fprintf(stderr, "tingzhen kg %s: %v\n", sub, err)
		return exitRecordFails
	}
	need := func(v, flagName string) bool {
		if v == "" {
			fmt.Fprintf(stderr, "tingzhen kg %s: --%s is required\n", sub, flagName)
			return false
		}
		return true
	}
	switch sub {
	case "load":
		rep, err := st.LoadPacks(ctx, *packs)
		out.Encode(rep)
		if err != nil {
			return fail(err)
		}
	case "industries":
		out.Encode(st.Graph().Industries())
	case "export":
		if !need(*industry, "industry") {
			return exitUsage
		}
		if err := st.Export(ctx, *industry, stdout); err != nil {
			return fail(err)
		}
	case "map":
		if !need(*sentence, "sentence") {
			return exitUsage
		}
		m, ok := st.Graph().MapAspect(*industry, *sentence, *term, *opinion)
		if !ok {
			return fail(fmt.Errorf("no aspect of the graph fits term %q / opinion %q", *term, *opinion))
		}
		// kg has the shape of a result's aspects[].kg (the ids under kg.ids).
		out.Encode(map[string]any{"point": mention.ClassifyPoint(polarityOf(*sentence), *sentence), "confidence": m.Confidence,
			"kg": mention.KGRefOf(m)})
	case "add-term":
		if !need(*industry, "industry") || !need(*aspect, "aspect") {
			return exitUsage
		}
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "tingzhen kg add-term: give one or more terms")
			return exitUsage
		}
		for _, t := range fs.Args() {
			if err := st.AddTerm(ctx, *industry, *aspect, t); err != nil {
				return fail(err)
			}
		}
		fmt.Fprintf(stdout, "added %d term(s) to %s/%s\n", fs.NArg(), *industry, *aspect)
	case "add-indicator":
		if !need(*industry, "industry") || !need(*id, "id") || !need(*name, "name") || !need(*touchpoint, "touchpoint") {
			return exitUsage
		}
		if err := st.AddIndicator(ctx, *industry, kg.IndicatorSpec{ID: *id, Name: *name, Touchpoint: *touchpoint, Department: *department, Parent: *parent}); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "added indicator %s (%s) to %s\n", *id, *name, *industry)
	case "candidates":
		cs, err := st.Candidates(ctx, *industry, *limit)
		if err != nil {
			return fail(err)
		}
		out.Encode(cs)
	case "stats":
		if !need(*industry, "industry") {
			return exitUsage
		}
		ins, err := insights.Open(st.DB(), insights.Options{DepartmentOf: func(industry, id string) string {
			x, _ := st.Graph().Indicator(industry, id)
			return x.Department
		}})
		if err != nil {
			return fail(err)
		}
		defer ins.Close()
		// The last --days calendar days through today, by event time.
		to := time.Now()
		tomorrow := time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, time.Local)
		f := insights.Filter{Industry: *industry, Department: *department, From: tomorrow.AddDate(0, 0, -*days), To: tomorrow}
		top, err := ins.Top(ctx, insights.TopQuery{Filter: f, Point: "pain", By: "aspect", N: *limit})
		if err != nil {
			return fail(err)
		}
		f.Department = ""
		net, err := ins.CountsBy(ctx, f, "indicator")
		if err != nil {
			return fail(err)
		}
		out.Encode(map[string]any{"industry": *industry, "from": f.From.Format("2006-01-02"), "to": to.Format("2006-01-02"), "top_pains": top.Items, "by_indicator": net})
	default:
		fmt.Fprintf(stderr, "tingzhen kg: unknown subcommand %q\n\n%s", sub, kgUsage)
		return exitUsage
	}
	return exitOK
}

// polarityOf scores a sentence with the graph's opinion lexicon (the CLI map command has no model).
func polarityOf(s string) string {
	p, _ := mention.LexiconPolarity(s)
	return p
}

// kgTasksAlias keeps `tingzhen kg tasks [--evaluate]` working: it is `tingzhen tasks list`,
// after `tingzhen tasks evaluate` with --evaluate.
func kgTasksAlias(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "tingzhen kg tasks: tasks have their own command now: tingzhen tasks list | evaluate | show | ack | start | resolve | verify (see tingzhen tasks --help)")
	var rest []string
	evaluate := false
	for _, a := range args {
		switch a {
		case "--evaluate", "-evaluate", "--evaluate=true", "-evaluate=true":
			evaluate = true
		case "--evaluate=false", "-evaluate=false":
		default:
			rest = append(rest, a)
		}
	}
	if evaluate {
		if code := cmdTasks(ctx, append([]string{"evaluate"}, rest...), io.Discard, stderr); code != exitOK {
			return code
		}
	}
	return cmdTasks(ctx, append([]string{"list"}, rest...), stdout, stderr)
}
