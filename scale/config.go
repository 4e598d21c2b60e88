package scale

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Config is what every role must agree on: where the server is and how the streams and the
// shared consumers are set up. The zero value takes the defaults documented per field.
type Config struct {
	// URL of the NATS server(s), comma-separated. Default nats://127.0.0.1:4222.
	URL string
	// Prefix of subjects and (upper-cased) of stream names. Default "tingzhen".
	Prefix string
	// Replicas of each stream (3 on a three-node cluster). Default 1.
	Replicas int
	// AckWait is how long a chunk handed to a worker waits for its ack before the server
	// hands it to another worker: the time a killed worker's chunks wait. Workers send
	// in-progress acks every AckWait/3 while a chunk is analysed. Default 30 s.
	AckWait time.Duration
	// MaxAckPending bounds the chunks handed out and not yet acknowledged, over all
	// workers together (back-pressure). Default 256; it should exceed the lanes of all
	// workers together.
	MaxAckPending int
	// MaxDeliver is how often a chunk is handed out; on the last delivery a chunk the
	// engine cannot analyse is published as per-record errors (analysis_failed) instead of
	// being dropped. Default 5.
	MaxDeliver int
	// DedupWindow is the streams' Nats-Msg-Id de-duplication window: it must cover AckWait
	// plus the time a chunk takes, so that a redelivered chunk's results are dropped.
	// Collect and the counters are idempotent beyond it. Default 10 min.
	DedupWindow time.Duration
	// ResultsMaxAge is how long results stay in the results stream (collect and the
	// aggregator must read them within it). Default 7 days.
	ResultsMaxAge time.Duration
}

// Defaults.
const (
	DefaultURL           = nats.DefaultURL
	DefaultPrefix        = "tingzhen"
	DefaultAckWait       = 30 * time.Second
	DefaultMaxAckPending = 256
	DefaultMaxDeliver    = 5
	DefaultDedupWindow   = 10 * time.Minute
	DefaultResultsMaxAge = 7 * 24 * time.Hour
)

// FeedbackJob is the job name of streaming feedback in the results stream; no submitted
// job may take it.
const FeedbackJob = "feedback"

func (c Config) withDefaults() Config {
	if c.URL == "" {
		c.URL = DefaultURL
	}
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.AckWait <= 0 {
		c.AckWait = DefaultAckWait
	}
	if c.MaxAckPending <= 0 {
		c.MaxAckPending = DefaultMaxAckPending
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = DefaultMaxDeliver
	}
	if c.DedupWindow <= 0 {
		c.DedupWindow = DefaultDedupWindow
	}
	if c.ResultsMaxAge <= 0 {
		c.ResultsMaxAge = DefaultResultsMaxAge
	}
	return c
}

func (c Config) stream(kind string) string     { return strings.ToUpper(c.Prefix) + "_" + kind }
func (c Config) workSubject(job string) string { return c.Prefix + ".work." + job }
func (c Config) resultsSubject(job string) string {
	return c.Prefix + ".results." + job
}
func (c Config) jobSubject(job string) string { return c.Prefix + ".jobs." + job }

// FeedbackSubject is where raw feedback is published (one JSON record per message);
// source names the publisher (a channel, an app): any subject token.
func (c Config) FeedbackSubject(source string) string {
	return c.withDefaults().Prefix + ".feedback." + source
}

// Stream kinds.
const (
	workKind     = "WORK"
	resultsKind  = "RESULTS"
	jobsKind     = "JOBS"
	feedbackKind = "FEEDBACK"
)

// Durable consumer names.
const (
	workersConsumer    = "workers"
	feedbackConsumer   = "feedback-workers"
	aggregatorConsumer = "aggregator"
)

var jobName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// CheckJob reports whether name can name a job: 1–64 letters, digits, '-' or '_' (it is a
// subject token), and not FeedbackJob.
func CheckJob(name string) error {
	if !jobName.MatchString(name) {
		return fmt.Errorf("job name %q: want 1-64 letters, digits, '-' or '_'", name)
	}
	if name == FeedbackJob {
		return fmt.Errorf("job name %q is reserved for streaming feedback", name)
	}
	return nil
}

// NewJobName returns a fresh job name: j-YYYYMMDD-HHMMSS-<pid>.
func NewJobName(now time.Time) string {
	return "j-" + now.UTC().Format("20060102-150405") + "-" + strconv.Itoa(os.Getpid())
}

// Conn is a connection to NATS with its JetStream context.
type Conn struct {
	NC  *nats.Conn
	JS  jetstream.JetStream
	cfg Config
}

// Connect connects to cfg.URL (reconnecting for ever when the server goes away) and makes
// sure the streams exist. name names the client on the server (monitoring).
func Connect(ctx context.Context, cfg Config, name string) (*Conn, error) {
	cfg = cfg.withDefaults()
	nc, err := nats.Connect(cfg.URL, nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(500*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("JetStream at %s: %w", cfg.URL, err)
	}
	c := &Conn{NC: nc, JS: js, cfg: cfg}
	if err := c.ensureStreams(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return c, nil
}

// Close drains the connection (pending publishes are sent) and closes it.
func (c *Conn) Close() error {
	if err := c.NC.Drain(); err != nil {
		c.NC.Close()
		return fmt.Errorf("close NATS connection: %w", err)
	}
	for c.NC.IsDraining() {
		time.Sleep(10 * time.Millisecond)
	}
	return nil
}

func (c *Conn) ensureStreams(ctx context.Context) error {
	cfg := c.cfg
	streams := []jetstream.StreamConfig{
		{Name: cfg.stream(workKind), Subjects: []string{cfg.Prefix + ".work.>"}, Retention: jetstream.WorkQueuePolicy,
			Storage: jetstream.FileStorage, Replicas: cfg.Replicas, Duplicates: cfg.DedupWindow,
			Description: "tingzhen: chunks of records waiting for a worker"},
		{Name: cfg.stream(resultsKind), Subjects: []string{cfg.Prefix + ".results.>"}, Retention: jetstream.LimitsPolicy,
			Storage: jetstream.FileStorage, Replicas: cfg.Replicas, Duplicates: cfg.DedupWindow, MaxAge: cfg.ResultsMaxAge,
			Description: "tingzhen: one analysed result per record"},
		{Name: cfg.stream(jobsKind), Subjects: []string{cfg.Prefix + ".jobs.>"}, Retention: jetstream.LimitsPolicy,
			Storage: jetstream.FileStorage, Replicas: cfg.Replicas, MaxMsgsPerSubject: 1, MaxAge: cfg.ResultsMaxAge,
			Description: "tingzhen: job manifests"},
		{Name: cfg.stream(feedbackKind), Subjects: []string{cfg.Prefix + ".feedback.>"}, Retention: jetstream.WorkQueuePolicy,
			Storage: jetstream.FileStorage, Replicas: cfg.Replicas, Duplicates: cfg.DedupWindow,
			Description: "tingzhen: raw feedback records waiting for a worker"},
	}
	for _, sc := range streams {
		var err error
		for try := 0; try < 3; try++ {
			// Several processes starting at once may race to create a stream: try again.
			if _, err = c.JS.CreateOrUpdateStream(ctx, sc); err == nil {
				break
			}
			if ctx.Err() != nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			return fmt.Errorf("create stream %s: %w", sc.Name, err)
		}
	}
	return nil
}

// workConsumer is the durable pull consumer all workers share.
func (c *Conn) workConsumer(ctx context.Context) (jetstream.Consumer, error) {
	return c.consumer(ctx, workKind, jetstream.ConsumerConfig{Durable: workersConsumer, AckPolicy: jetstream.AckExplicitPolicy,
		AckWait: c.cfg.AckWait, MaxAckPending: c.cfg.MaxAckPending, MaxDeliver: c.cfg.MaxDeliver,
		FilterSubject: c.cfg.Prefix + ".work.>", Description: "tingzhen workers"})
}

func (c *Conn) feedbackConsumer(ctx context.Context) (jetstream.Consumer, error) {
	return c.consumer(ctx, feedbackKind, jetstream.ConsumerConfig{Durable: feedbackConsumer, AckPolicy: jetstream.AckExplicitPolicy,
		AckWait: c.cfg.AckWait, MaxAckPending: c.cfg.MaxAckPending * 64, MaxDeliver: c.cfg.MaxDeliver,
		FilterSubject: c.cfg.Prefix + ".feedback.>", Description: "tingzhen workers (streaming feedback)"})
}

func (c *Conn) consumer(ctx context.Context, kind string, cc jetstream.ConsumerConfig) (jetstream.Consumer, error) {
	var err error
	for try := 0; try < 3; try++ {
		var cons jetstream.Consumer
		if cons, err = c.JS.CreateOrUpdateConsumer(ctx, c.cfg.stream(kind), cc); err == nil {
			return cons, nil
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, fmt.Errorf("consumer %s on %s: %w", cc.Durable, c.cfg.stream(kind), err)
}

// isTimeout reports a fetch that ended without messages or a cancelled context.
func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, jetstream.ErrNoMessages)
}
