package tasks

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Webhook headers. The signature is HMAC-SHA256 over "<timestamp>.<body>" with the
// endpoint's secret, hex-encoded: X-Tingzhen-Signature: sha256=<hex>. A receiver recomputes
// it over the raw body, compares in constant time, and rejects timestamps more than a few
// minutes off (replays). VerifySignature does exactly that.
const (
	HeaderSignature = "X-Tingzhen-Signature"
	HeaderTimestamp = "X-Tingzhen-Timestamp" // unix seconds
	HeaderEvent     = "X-Tingzhen-Event"     // task.created
	HeaderDelivery  = "X-Tingzhen-Delivery"  // the task id; also sent as Idempotency-Key
)

// Endpoint is one webhook receiver.
type Endpoint struct {
	URL string `yaml:"url" json:"url"`
	// Secret signs the body; empty sends no signature header.
	Secret string `yaml:"secret" json:"-"`
	// SecretEnv names an environment variable holding the secret (read by LoadWebhooks),
	// so that the YAML file need not hold it.
	SecretEnv string `yaml:"secret_env" json:"-"`
}

// Webhooks routes each task to its department's endpoint, else to Default.
type Webhooks struct {
	Default     Endpoint            `yaml:"default"`
	Departments map[string]Endpoint `yaml:"departments"` // department id → endpoint
}

// For returns the endpoint of a department; ok is false when neither it nor a default is set.
func (w Webhooks) For(department string) (Endpoint, bool) {
	if e, ok := w.Departments[department]; ok && e.URL != "" {
		return e, true
	}
	return w.Default, w.Default.URL != ""
}

// LoadWebhooks reads a webhooks YAML file:
//
//	default: {url: https://hooks.example.com/cem, secret_env: TINGZHEN_WEBHOOK_SECRET}
//	departments:
//	  logistics: {url: https://wms.example.com/hooks/tingzhen, secret: "…"}
//
// secret_env is resolved from the environment (an unset variable is an error).
func LoadWebhooks(path string) (Webhooks, error) {
	var w Webhooks
	b, err := os.ReadFile(path)
	if err != nil {
		return w, fmt.Errorf("webhooks: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&w); err != nil && !errors.Is(err, io.EOF) {
		return w, fmt.Errorf("webhooks %s: %w", path, err)
	}
	resolve := func(name string, e *Endpoint) error {
		if e.URL != "" && !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") {
			return fmt.Errorf("webhooks %s: %s: url %q is not http(s)", path, name, e.URL)
		}
		if e.SecretEnv != "" {
			v, ok := os.LookupEnv(e.SecretEnv)
			if !ok || v == "" {
				return fmt.Errorf("webhooks %s: %s: secret_env %s is not set", path, name, e.SecretEnv)
			}
			e.Secret = v
		}
		return nil
	}
	if err := resolve("default", &w.Default); err != nil {
		return w, err
	}
	for id, e := range w.Departments {
		if e.URL == "" {
			return w, fmt.Errorf("webhooks %s: department %s: url is empty", path, id)
		}
		if err := resolve("department "+id, &e); err != nil {
			return w, err
		}
		w.Departments[id] = e
	}
	return w, nil
}

// Sign returns the X-Tingzhen-Signature value of body sent at ts.
func Sign(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifySignature checks a received webhook: signature is the X-Tingzhen-Signature header,
// timestamp the X-Tingzhen-Timestamp header, body the raw request body. Timestamps further
// than tolerance from now are rejected (default 5 minutes when tolerance ≤ 0).
func VerifySignature(secret, signature, timestamp string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("webhook signature: timestamp %q is not unix seconds", timestamp)
	}
	if tolerance <= 0 {
		tolerance = 5 * time.Minute
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("webhook signature: timestamp is %v away from now (tolerance %v)", d.Round(time.Second), tolerance)
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return errors.New("webhook signature: mismatch")
	}
	return nil
}

// Retry configures delivery attempts. Zero values take the defaults.
type Retry struct {
	// MaxAttempts is the most attempts per delivery, the first included (default 6).
	MaxAttempts int
	// BaseDelay (default 1 s) doubles after each failed attempt up to MaxDelay (default
	// 1 min); each wait is drawn uniformly from [delay/2, delay] (jitter). A Retry-After
	// header in seconds raises the wait, up to MaxDelay.
	BaseDelay, MaxDelay time.Duration
	// Timeout bounds one attempt (default 10 s).
	Timeout time.Duration
}

func (r Retry) withDefaults() Retry {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = 6
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = time.Second
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = time.Minute
	}
	if r.MaxDelay < r.BaseDelay {
		r.MaxDelay = r.BaseDelay
	}
	if r.Timeout <= 0 {
		r.Timeout = 10 * time.Second
	}
	return r
}

// backoff is the wait before attempt i+1 (i ≥ 1 failed attempts so far), with jitter.
func (r Retry) backoff(i int, retryAfter time.Duration) time.Duration {
	d := r.BaseDelay
	for k := 1; k < i && d < r.MaxDelay; k++ {
		d *= 2
	}
	d = min(d, r.MaxDelay)
	d = d/2 + rand.N(d/2+1)
	if retryAfter > d {
		d = min(retryAfter, r.MaxDelay)
	}
	return d
}

// sendResult is the outcome of one delivery run.
type sendResult struct {
	Attempts int
	Err      error // nil: delivered
}

// send posts body to e, retrying network errors, 408, 425, 429 and 5xx with back-off; other
// statuses fail at once. Every attempt is signed afresh (new timestamp) and carries the same
// delivery id. It stops when ctx is done.
func send(ctx context.Context, client *http.Client, r Retry, e Endpoint, id string, body []byte) sendResult {
	var last error
	for i := 1; i <= r.MaxAttempts; i++ {
		retry, wait, err := post(ctx, client, r.Timeout, e, id, body)
		if err == nil {
			return sendResult{Attempts: i}
		}
		last = err
		if !retry {
			return sendResult{Attempts: i, Err: err}
		}
		if i == r.MaxAttempts {
			break
		}
		timer := time.NewTimer(r.backoff(i, wait))
		select {
		case <-ctx.Done():
			timer.Stop()
			return sendResult{Attempts: i, Err: fmt.Errorf("%w (last error: %v)", ctx.Err(), last)}
		case <-timer.C:
		}
	}
	return sendResult{Attempts: r.MaxAttempts, Err: fmt.Errorf("giving up after %d attempts: %w", r.MaxAttempts, last)}
}

func post(ctx context.Context, c *http.Client, timeout time.Duration, e Endpoint, id string, body []byte) (retry bool, wait time.Duration, err error) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		return false, 0, err
	}
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "tingzhen-webhook/1")
	req.Header.Set(HeaderEvent, "task.created")
	req.Header.Set(HeaderDelivery, id)
	req.Header.Set("Idempotency-Key", id)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	if e.Secret != "" {
		req.Header.Set(HeaderSignature, Sign(e.Secret, ts, body))
	}
	resp, err := c.Do(req)
	if err != nil {
		return ctx.Err() == nil, 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return false, 0, nil
	case c == http.StatusTooManyRequests || c == http.StatusRequestTimeout || c == http.StatusTooEarly || c >= 500:
		if s, e := strconv.Atoi(resp.Header.Get("Retry-After")); e == nil && s > 0 {
			wait = time.Duration(s) * time.Second
		}
		return true, wait, fmt.Errorf("status %s", resp.Status)
	}
	return false, 0, fmt.Errorf("status %s (not retried)", resp.Status)
}
