package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tingzhen/tingzhen/insights"
	"github.com/tingzhen/tingzhen/store"
	"github.com/tingzhen/tingzhen/tasks"
)

func init() {
	register(command{"tasks", "improvement tasks: evaluate rules, list, show, ack, start, resolve, verify, dismiss, deadletters, redeliver", cmdTasks})
}

const tasksUsage = `Usage: tingzhen tasks <subcommand> [flags] [ID]

Subcommands:
  evaluate [--at TIME] [--deliver]
                      evaluate the packs' rules on the insights counters (event time) for the
                      window containing TIME (default now) and the one before; print the tasks
                      created (once per rule and window). --deliver sends their webhooks now.
  list     [--industry ID] [--department D] [--status S] [--rule R] [--limit N]
  show     ID
  ack      ID --by WHO [--note TEXT]     open → acknowledged
  start    ID --by WHO [--note TEXT]     acknowledged → in_progress
  resolve  ID --by WHO [--note TEXT]     in_progress → resolved
  verify   ID --by WHO [--note TEXT]     resolved → verified, with the before/after share of
                                         the indicator's pains (two-proportion z-test)
  dismiss  ID --by WHO [--note TEXT]     open | acknowledged | in_progress → dismissed
  deadletters                            tasks whose webhook delivery failed for good
  redeliver ID                           queue the delivery again (a running server sends it
                                         within 30 s; with webhook flags here, it is sent now)

An illegal step (e.g. verify on an open task) exits 2 with the lifecycle in the message.
Common flags: --data DIR (Badger store, default ./data), --packs DIR, --home DIR, --tz ZONE
(time zone of the calendar days, default local). While a server holds the store, act through
it: --server URL [--key KEY] (default $TINGZHEN_API_KEY); the output is the same. Webhook flags as in tingzhen serve:
--webhook-url, --webhook-secret, --webhooks FILE.
`

// webhookFlags configure task delivery (tingzhen serve and tingzhen tasks).
type webhookFlags struct {
	url, secret, file string
	attempts          int
	baseDelay         time.Duration
}

func (w *webhookFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&w.url, "webhook-url", "", "default task webhook URL (departments without their own endpoint)")
	fs.StringVar(&w.secret, "webhook-secret", "", "HMAC-SHA256 secret of --webhook-url (better: $TINGZHEN_WEBHOOK_SECRET)")
	fs.StringVar(&w.file, "webhooks", "", "YAML file of per-department webhooks: default: {url, secret|secret_env}, departments: {ID: {url, secret|secret_env}}")
	fs.IntVar(&w.attempts, "webhook-attempts", 6, "most delivery attempts per task before it is dead-lettered")
	fs.DurationVar(&w.baseDelay, "webhook-backoff", time.Second, "first retry wait; doubles per attempt (with jitter) up to 1m")
}

// config returns the webhooks and retry policy.
func (w *webhookFlags) config() (tasks.Webhooks, tasks.Retry, error) {
	var hooks tasks.Webhooks
	if w.file != "" {
		h, err := tasks.LoadWebhooks(w.file)
		if err != nil {
			return hooks, tasks.Retry{}, err
		}
		hooks = h
	}
	if w.url != "" {
		if !strings.HasPrefix(w.url, "http://") && !strings.HasPrefix(w.url, "https://") {
			return hooks, tasks.Retry{}, fmt.Errorf("--webhook-url %q is not http(s)", w.url)
		}
		hooks.Default = tasks.Endpoint{URL: w.url, Secret: w.secret}
	}
	return hooks, tasks.Retry{MaxAttempts: w.attempts, BaseDelay: w.baseDelay}, nil
}

func (w *webhookFlags) any() bool { return w.url != "" || w.file != "" }

func cmdTasks(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, tasksUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	sub := args[0]
	fs := flag.NewFlagSet("tasks "+sub, flag.ContinueOnError)
	home := fs.String("home", os.Getenv("TINGZHEN_HOME"), "installation root")
	data := fs.String("data", "./data", "Badger directory of the store")
	packs := fs.String("packs", "", "industry pack directory (default HOME/knowledge-graph/industries)")
	var so storeOptFlags
	so.register(fs)
	tz := fs.String("tz", "", "time zone of calendar days, e.g. Asia/Shanghai (default local)")
	industry := fs.String("industry", "", "industry id (list)")
	department := fs.String("department", "", "department id or name (list)")
	status := fs.String("status", "", "status (list): "+strings.Join(tasks.Statuses, ", "))
	rule := fs.String("rule", "", "rule id (list)")
	limit := fs.Int("limit", 50, "most tasks to list (0: all)")
	at := fs.String("at", "", "evaluate as of this time (RFC 3339 or a date; default now)")
	deliver := fs.Bool("deliver", false, "evaluate: deliver the created tasks' webhooks now")
	by := fs.String("by", os.Getenv("USER"), "who takes the step (default $USER)")
	note := fs.String("note", "", "what was done, why")
	server := fs.String("server", "", "act through a running tingzhen server at this URL instead of opening the store")
	key := fs.String("key", os.Getenv("TINGZHEN_API_KEY"), "API key for --server (default $TINGZHEN_API_KEY; steps need scope tasks)")
	var wf webhookFlags
	wf.register(fs)
	// The id may come before or after the flags.
	rest := args[1:]
	var id string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		id, rest = rest[0], rest[1:]
	}
	if ok, code := parseFlags(fs, rest, stderr); !ok {
		return code
	}
	for fs.NArg() > 0 { // an id between flags: take it, parse the flags after it
		if id != "" {
			fmt.Fprintf(stderr, "tingzhen tasks %s: unexpected argument %q (one task id)\n", sub, fs.Arg(0))
			return exitUsage
		}
		id = fs.Arg(0)
		if ok, code := parseFlags(fs, fs.Args()[1:], stderr); !ok {
			return code
		}
	}
	switch sub {
	case "evaluate", "list", "show", "deadletters", "redeliver":
	default:
		if !isAction(sub) {
			fmt.Fprintf(stderr, "tingzhen tasks: unknown subcommand %q\n\n%s", sub, tasksUsage)
			return exitUsage
		}
	}
	needID := sub == "show" || sub == "redeliver" || isAction(sub)
	if !needID && id != "" {
		fmt.Fprintf(stderr, "tingzhen tasks %s: unexpected argument %q\n", sub, id)
		return exitUsage
	}
	if needID && id == "" {
		fmt.Fprintf(stderr, "tingzhen tasks %s: give a task id (see tingzhen tasks list)\n", sub)
		return exitUsage
	}
	if *status != "" && !tasks.ValidStatus(*status) {
		fmt.Fprintf(stderr, "tingzhen tasks: --status %q: want one of %s\n", *status, strings.Join(tasks.Statuses, ", "))
		return exitUsage
	}
	if *server != "" {
		if isAction(sub) && *by == "" {
			fmt.Fprintf(stderr, "tingzhen tasks %s: --by WHO is required\n", sub)
			return exitUsage
		}
		return tasksRemote(ctx, *server, *key, sub, id, remoteQuery{industry: *industry, department: *department, status: *status,
			rule: *rule, limit: *limit, at: *at, by: *by, note: *note}, stdout, stderr)
	}
	loc := time.Local
	if *tz != "" {
		l, err := time.LoadLocation(*tz)
		if err != nil {
			fmt.Fprintf(stderr, "tingzhen tasks: --tz %q: %v\n", *tz, err)
			return exitUsage
		}
		loc = l
	}
	hooks, retry, err := wf.config()
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen tasks: %v\n", err)
		return exitUsage
	}
	if *home == "" {
		*home = "."
	}
	if *packs == "" {
		*packs = filepath.Join(*home, "knowledge-graph", "industries")
	}
	kopt := store.Options{Dir: *data, PacksDir: *packs}
	so.apply(&kopt)
	st, err := store.Open(ctx, kopt)
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen tasks: %v\n", err)
		return exitUsage
	}
	defer st.Close()
	ins, err := insights.Open(st.DB(), insights.Options{Location: loc, CheckWrite: st.CheckWrite})
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen tasks: %v\n", err)
		return exitUsage
	}
	defer ins.Close()
	m, err := tasks.New(st.DB(), st, ins, tasks.Options{Location: loc, Webhooks: hooks, Retry: retry, CheckWrite: st.CheckWrite, Sync: st.SyncNow})
	if err != nil {
		fmt.Fprintf(stderr, "tingzhen tasks: %v\n", err)
		return exitUsage
	}
	out := json.NewEncoder(stdout)
	out.SetEscapeHTML(false)
	out.SetIndent("", "  ")
	fail := func(err error) int {
		fmt.Fprintf(stderr, "tingzhen tasks %s: %v\n", sub, err)
		var te *tasks.TransitionError
		if errors.As(err, &te) || errors.Is(err, tasks.ErrNotFound) {
			return exitUsage
		}
		return exitRecordFails
	}
	switch sub {
	case "evaluate":
		when := time.Now()
		if *at != "" {
			if when, err = insights.ParseTime(*at, loc); err != nil {
				fmt.Fprintf(stderr, "tingzhen tasks evaluate: --at %q: %v\n", *at, err)
				return exitUsage
			}
		}
		created, err := m.Evaluate(ctx, when)
		if created == nil {
			created = []tasks.Task{}
		}
		out.Encode(map[string]any{"at": when.Format(time.RFC3339), "created": created})
		if err != nil {
			return fail(err)
		}
		if *deliver {
			if !wf.any() {
				fmt.Fprintln(stderr, "tingzhen tasks evaluate: --deliver needs --webhook-url or --webhooks")
				return exitUsage
			}
			d, x, err := m.DeliverPending(ctx)
			fmt.Fprintf(stderr, "delivered %d, dead-lettered %d\n", d, x)
			if err != nil {
				return fail(err)
			}
			if x > 0 {
				return exitRecordFails
			}
		}
	case "list":
		ts, err := m.List(ctx, tasks.Filter{Industry: *industry, Department: *department, Status: *status, RuleID: *rule, Limit: *limit})
		if err != nil {
			return fail(err)
		}
		if ts == nil {
			ts = []tasks.Task{}
		}
		out.Encode(ts)
	case "show":
		t, err := m.Get(ctx, id)
		if err != nil {
			return fail(err)
		}
		out.Encode(t)
	case "deadletters":
		dl, err := m.DeadLetters(ctx)
		if err != nil {
			return fail(err)
		}
		if dl == nil {
			dl = []tasks.DeadLetter{}
		}
		out.Encode(dl)
	case "redeliver":
		t, err := m.Redeliver(ctx, id)
		if err != nil {
			return fail(err)
		}
		if wf.any() {
			d, x, err := m.DeliverPending(ctx)
			fmt.Fprintf(stderr, "delivered %d, dead-lettered %d\n", d, x)
			if err != nil {
				return fail(err)
			}
			if t, err = m.Get(ctx, id); err != nil {
				return fail(err)
			}
		}
		out.Encode(t)
	default: // a lifecycle action
		if *by == "" {
			fmt.Fprintf(stderr, "tingzhen tasks %s: --by WHO is required\n", sub)
			return exitUsage
		}
		t, err := m.Transition(ctx, id, tasks.Step{Action: sub, By: *by, Note: *note})
		if err != nil {
			return fail(err)
		}
		out.Encode(t)
	}
	return exitOK
}

func isAction(s string) bool {
	for _, a := range tasks.Actions {
		if a == s {
			return true
		}
	}
	return false
}

// remoteQuery carries the flags a remote call needs.
type remoteQuery struct {
	industry, department, status, rule string
	limit                              int
	at, by, note                       string
}

// tasksRemote runs a tasks subcommand through a server's /v1/tasks API and prints what the
// local command prints. 400, 404 and 409 exit 2; other failures 1.
func tasksRemote(ctx context.Context, server, key, sub, id string, q remoteQuery, stdout, stderr io.Writer) int {
	base := strings.TrimRight(server, "/") + "/v1/tasks"
	method, u, unwrap := "GET", base, ""
	var body any
	switch {
	case sub == "evaluate":
		method, u, body = "POST", base+"/evaluate", map[string]string{"at": q.at}
	case sub == "list":
		v := url.Values{}
		for k, x := range map[string]string{"industry": q.industry, "department": q.department, "status": q.status, "rule": q.rule} {
			if x != "" {
				v.Set(k, x)
			}
		}
		if q.limit > 0 {
			v.Set("limit", strconv.Itoa(q.limit))
		}
		u, unwrap = base+"?"+v.Encode(), "tasks"
	case sub == "show":
		u = base + "/" + url.PathEscape(id)
	case sub == "deadletters":
		u, unwrap = base+"/deadletters", "dead_letters"
	case sub == "redeliver":
		method, u = "POST", base+"/"+url.PathEscape(id)+"/redeliver"
	default: // a lifecycle action
		method, u, body = "POST", base+"/"+url.PathEscape(id)+"/"+sub, map[string]string{"by": q.by, "note": q.note}
	}
	raw, err := callServer(ctx, server, key, method, u, body, 2*time.Minute)
	var re *remoteError
	switch {
	case errors.As(err, &re):
		fmt.Fprintf(stderr, "tingzhen tasks %s: %s (HTTP %d)\n", sub, re.Message, re.Status)
		switch re.Status {
		case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict:
			return exitUsage
		}
		return exitRecordFails
	case errors.Is(err, errServerURL):
		fmt.Fprintf(stderr, "tingzhen tasks %s: %v\n", sub, err)
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "tingzhen tasks %s: %v\n", sub, err)
		return exitRecordFails
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		fmt.Fprintf(stderr, "tingzhen tasks %s: the server's answer is not JSON: %v\n", sub, err)
		return exitRecordFails
	}
	if m, ok := v.(map[string]any); ok && unwrap != "" {
		v = m[unwrap]
	}
	out := json.NewEncoder(stdout)
	out.SetEscapeHTML(false)
	out.SetIndent("", "  ")
	out.Encode(v)
	return exitOK
}
