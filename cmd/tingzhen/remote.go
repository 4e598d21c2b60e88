package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// remoteError is a non-2xx answer of a running tingzhen server: its status and the message
// of its JSON error envelope (else the body).
type remoteError struct {
	Status  int
	Message string
}

func (e *remoteError) Error() string {
	return fmt.Sprintf("server answered %d: %s", e.Status, e.Message)
}

// errServerURL marks a --server value that does not make a request URL (a usage error).
var errServerURL = errors.New("--server")

// callServer sends one request to a running tingzhen server (--server): the API key as a
// bearer token, body as JSON when it is not nil. It returns the answer's body (at most
// 64 MiB); a non-2xx answer is a *remoteError, a failure to reach the server is wrapped
// with the server's address.
func callServer(ctx context.Context, server, key, method, u string, body any, timeout time.Duration) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("--server %s: encode the request: %w", server, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v", errServerURL, server, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := (&http.Client{Timeout: timeout}).Do(req)
	if err != nil {
		return nil, fmt.Errorf("--server %s: %w", server, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("--server %s: read the answer: %w", server, err)
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		msg := strings.TrimSpace(string(raw))
		if json.Unmarshal(raw, &e) == nil && e.Error.Message != "" {
			msg = e.Error.Message
		}
		return nil, &remoteError{Status: resp.StatusCode, Message: msg}
	}
	return raw, nil
}
