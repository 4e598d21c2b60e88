package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/tingzhen/tingzhen/engine"
	"github.com/tingzhen/tingzhen/record"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

type config struct {
	addr, key, texts, industry, timeoutHdr string
	conc                                   []int
	duration, warmup                       time.Duration
	rate                                   float64
	offline                                bool
	home, data                             string
	threads, batch, passes                 int
	record                                 bool
	cpuprofile                             string
}

func run(ctx context.Context, args []string, w io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	var c config
	concs := fs.String("concurrency", "1,8,64", "comma-separated client counts (closed loop: each keeps one request in flight)")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "server HOST:PORT")
	fs.StringVar(&c.key, "key", os.Getenv("TINGZHEN_LOAD_KEY"), "API key (default $TINGZHEN_LOAD_KEY)")
	fs.StringVar(&c.texts, "texts", "bench/load/testdata/waimai_1000.txt", "one review per line")
	fs.StringVar(&c.industry, "industry", "", "industry sent with every text (default: inferred by the server)")
	fs.StringVar(&c.timeoutHdr, "request-timeout", "", "X-Request-Timeout header to send (default: none)")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "measured time per concurrency")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "unmeasured time before each measurement")
	fs.Float64Var(&c.rate, "rate", 0, "open loop: send this many requests/s in total (0: closed loop); latency counts from the scheduled send time")
	fs.BoolVar(&c.offline, "offline", false, "measure the engine's offline texts/s on the same texts instead (no server)")
	fs.StringVar(&c.home, "home", "", "offline: installation root (default $TINGZHEN_HOME or .)")
	fs.StringVar(&c.data, "data", "", "offline: Badger directory (default: a temp dir, removed afterwards)")
	fs.IntVar(&c.threads, "threads", 0, "offline: ONNX Runtime intra-op threads (default: number of CPUs, like serve)")
	fs.IntVar(&c.batch, "batch", 64, "offline: texts per Engine.Analyze call")
	fs.IntVar(&c.passes, "passes", 3, "offline: passes over the texts (the first is warm-up and not counted)")
	fs.BoolVar(&c.record, "record", true, "offline: update the knowledge-graph counters like serve does")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "offline: write a CPU profile of the measured passes here")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	texts, err := readLines(c.texts)
	if err != nil {
		return err
	}
	if c.offline {
		return offline(ctx, c, texts, w)
	}
	for _, s := range strings.Split(*concs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("--concurrency %q: want positive integers", *concs)
		}
		c.conc = append(c.conc, n)
	}
	bodies := make([][]byte, len(texts))
	for i, t := range texts {
		bodies[i], _ = json.Marshal(engine.Input{ID: strconv.Itoa(i), Text: t, Industry: c.industry})
	}
	fmt.Fprintf(w, "# %s, %d texts from %s, GOMAXPROCS %d, %s per point (+%s warm-up)\n", c.addr, len(texts), c.texts, runtime.GOMAXPROCS(0), c.duration, c.warmup)
	fmt.Fprintln(w, "| concurrency | mode | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
	fmt.Fprintln(w, "|---:|---|---:|---:|---:|---:|---:|---:|---|")
	for _, n := range c.conc {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r := measure(ctx, c, n, bodies)
		fmt.Fprintln(w, r.row())
	}
	return nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("texts %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("texts %s: empty", path)
	}
	return out, nil
}

type result struct {
	conc     int
	mode     string
	lat      []time.Duration
	errs     map[string]int
	elapsed  time.Duration
	requests int
}

func (r result) row() string {
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	pct := func(p float64) string {
		if len(r.lat) == 0 {
			return "-"
		}
		i := int(p*float64(len(r.lat))+0.5) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(r.lat) {
			i = len(r.lat) - 1
		}
		return fmt.Sprintf("%.1f", float64(r.lat[i].Microseconds())/1000)
	}
	var errs []string
	for k, v := range r.errs {
		errs = append(errs, fmt.Sprintf("%s×%d", k, v))
	}
	sort.Strings(errs)
	e := strings.Join(errs, " ")
	if e == "" {
		e = "0"
	}
	return fmt.Sprintf("| %d | %s | %d | %.1f | %s | %s | %s | %s | %s |", r.conc, r.mode, len(r.lat), float64(len(r.lat))/r.elapsed.Seconds(),
		pct(0.50), pct(0.90), pct(0.99), pct(1), e)
}

// measure runs n clients for warm-up plus duration and keeps the measured window.
func measure(ctx context.Context, c config, n int, bodies [][]byte) result {
	client := &fasthttp.HostClient{Addr: c.addr, MaxConns: n + 8, ReadTimeout: 60 * time.Second, WriteTimeout: 10 * time.Second}
	mode := "closed loop"
	if c.rate > 0 {
		mode = fmt.Sprintf("open loop %.0f req/s", c.rate)
	}
	res := result{conc: n, mode: mode, errs: map[string]int{}}
	var mu sync.Mutex
	start := time.Now()
	measureFrom := start.Add(c.warmup)
	end := measureFrom.Add(c.duration)
	send := func(i int, scheduled time.Time) {
		req := fasthttp.AcquireRequest()
		resp := fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		req.SetRequestURI("http://" + c.addr + "/v1/analyze")
		req.Header.SetMethod("POST")
		req.Header.SetContentType("application/json")
		if c.key != "" {
			req.Header.Set("Authorization", "Bearer "+c.key)
		}
		if c.timeoutHdr != "" {
			req.Header.Set("X-Request-Timeout", c.timeoutHdr)
		}
		req.SetBodyRaw(bodies[i%len(bodies)])
		err := client.Do(req, resp)
		done := time.Now()
		if scheduled.Before(measureFrom) || done.After(end) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			res.errs[errKind(err)]++
		case resp.StatusCode() != 200:
			res.errs[strconv.Itoa(resp.StatusCode())]++
		default:
			res.lat = append(res.lat, done.Sub(scheduled))
		}
	}
	var wg sync.WaitGroup
	if c.rate <= 0 {
		for k := 0; k < n; k++ {
			wg.Add(1)
			go func(k int) {
				defer wg.Done()
				for i := k * 7919; ctx.Err() == nil; i++ {
					t := time.Now()
					if t.After(end) {
						return
					}
					send(i, t)
				}
			}(k)
		}
	} else {
		// Open loop: a fixed schedule; n workers take the due sends (late ones queue here,
		// and their wait counts in the latency).
		due := make(chan time.Time, 1<<16)
		for k := 0; k < n; k++ {
			wg.Add(1)
			go func(k int) {
				defer wg.Done()
				i := k * 7919
				for t := range due {
					send(i, t)
					i++
				}
			}(k)
		}
		interval := time.Duration(float64(time.Second) / c.rate)
		for t := start; t.Before(end) && ctx.Err() == nil; t = t.Add(interval) {
			time.Sleep(time.Until(t))
			due <- t
		}
		close(due)
	}
	wg.Wait()
	res.elapsed = c.duration
	return res
}

func errKind(err error) string {
	switch {
	case errors.Is(err, fasthttp.ErrTimeout):
		return "client-timeout"
	case errors.Is(err, fasthttp.ErrNoFreeConns):
		return "no-free-conns"
	default:
		return "conn-error"
	}
}

// offline runs Engine.Analyze over the texts in batches, as a bulk job would.
func offline(ctx context.Context, c config, texts []string, w io.Writer) error {
	dir := c.data
	if dir == "" {
		d, err := os.MkdirTemp("", "tingzhen-load-offline")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	e, err := engine.New(ctx, engine.Config{Home: c.home, IntraOpThreads: c.threads, DataDir: dir})
	if err != nil {
		return err
	}
	defer e.Close()
	var rec *record.Recorder
	if c.record {
		if rec, err = record.ForEngine(e); err != nil {
			return err
		}
	}
	inputs := make([]engine.Input, len(texts))
	for i, t := range texts {
		inputs[i] = engine.Input{ID: strconv.Itoa(i), Text: t}
	}
	fmt.Fprintf(w, "# offline Engine.Analyze, %d texts from %s, batches of %d, threads %d, record %v, GOMAXPROCS %d\n",
		len(texts), c.texts, c.batch, e.Config().IntraOpThreads, c.record, runtime.GOMAXPROCS(0))
	fmt.Fprintln(w, "| pass | texts | seconds | texts/s |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|")
	var total time.Duration
	counted := 0
	for p := 1; p <= c.passes; p++ {
		if p == 2 && c.cpuprofile != "" {
			f, err := os.Create(c.cpuprofile)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		t0 := time.Now()
		for i := 0; i < len(inputs); i += c.batch {
			j := min(i+c.batch, len(inputs))
			res, err := e.Analyze(ctx, inputs[i:j])
			if err != nil {
				return err
			}
			if rec != nil { // as the server with --record: counted before the answer
				if _, err := rec.Analyzed(ctx, inputs[i:j], res); err != nil {
					return err
				}
			}
		}
		el := time.Since(t0)
		note := ""
		if p == 1 && c.passes > 1 {
			note = " (warm-up)"
		} else {
			total += el
			counted += len(inputs)
		}
		fmt.Fprintf(w, "| %d%s | %d | %.2f | %.1f |\n", p, note, len(inputs), el.Seconds(), float64(len(inputs))/el.Seconds())
	}
	if counted > 0 {
		fmt.Fprintf(w, "\noffline texts/s (passes after warm-up): %.1f\n", float64(counted)/total.Seconds())
	}
	return nil
}
