package kg

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// Webhook posts improvement tasks as JSON to a URL, retrying with exponential back-off.
// The zero values of the optional fields give the documented defaults.
type Webhook struct {
	URL string
	// Client defaults to an http.Client with a 10 s timeout.
	Client *http.Client
	// MaxAttempts defaults to 5 (the first try included).
	MaxAttempts int
	// BaseDelay (default 500 ms) doubles after each failed attempt, up to MaxDelay
	// (default 30 s). A Retry-After header in seconds is honoured up to MaxDelay.
	BaseDelay, MaxDelay time.Duration
	// Header is added to every request (e.g. Authorization).
	Header http.Header
}

// WebhookPayload is the JSON body sent.
type WebhookPayload struct {
	Tasks  []Task    `json:"tasks"`
	SentAt time.Time `json:"sent_at"`
}

// Send posts tasks once they are accepted (any 2xx). Network errors, 408, 429 and 5xx are
// retried; other statuses fail at once. Every attempt carries the same Idempotency-Key
// (a hash of the task ids) so that a receiver can drop duplicates. Send stops when ctx is
// done.
func (w *Webhook) Send(ctx context.Context, tasks []Task) error {
	if w.URL == "" {
		return fmt.Errorf("webhook: empty URL")
	}
	body, err := json.Marshal(WebhookPayload{Tasks: tasks, SentAt: time.Now().UTC()})
	if err != nil {
		return fmt.Errorf("webhook: encode: %w", err)
	}
	h := sha256.New()
	for _, t := range tasks {
		io.WriteString(h, t.ID)
		h.Write([]byte{0})
	}
	key := hex.EncodeToString(h.Sum(nil)[:16])
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	attempts, base, maxd := w.MaxAttempts, w.BaseDelay, w.MaxDelay
	if attempts <= 0 {
		attempts = 5
	}
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	if maxd <= 0 {
		maxd = 30 * time.Second
	}
	delay := base
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			timer := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				timer.Stop()
				return fmt.Errorf("webhook %s: %w (last error: %v)", w.URL, ctx.Err(), last)
			case <-timer.C:
			}
			delay = min(delay*2, maxd)
		}
		retry, wait, err := w.post(ctx, client, body, key)
		if err == nil {
			return nil
		}
		last = err
		if !retry {
			return fmt.Errorf("webhook %s: %w", w.URL, err)
		}
		if wait > 0 {
			delay = min(max(delay, wait), maxd)
		}
	}
	return fmt.Errorf("webhook %s: giving up after %d attempts: %w", w.URL, attempts, last)
}

func (w *Webhook) post(ctx context.Context, c *http.Client, body []byte, key string) (retry bool, wait time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return false, 0, err
	}
	for k, vs := range w.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := c.Do(req)
	if err != nil {
		return ctx.Err() == nil, 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, 0, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		if s, e := strconv.Atoi(resp.Header.Get("Retry-After")); e == nil && s > 0 {
			wait = time.Duration(s) * time.Second
		}
		return true, wait, fmt.Errorf("status %s", resp.Status)
	}
	return false, 0, fmt.Errorf("status %s", resp.Status)
}
