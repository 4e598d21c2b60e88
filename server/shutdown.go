package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// serveExitGrace is how long shutdown waits, past ShutdownTimeout, for fasthttp's Serve to
// return once its listener is closed (it returns at its next Accept, at once).
const serveExitGrace = 2 * time.Second

// readyListener closes ready at the first Accept: by then fasthttp.Server.Serve has
// registered the listener, so that ShutdownWithContext closes it. Before that, Shutdown
// finds no listener, returns at once and Serve then serves on (a server cancelled right
// after it started never stopped: TestServeStopsRightAfterStart).
type readyListener struct {
	net.Listener
	once  sync.Once
	ready chan struct{}
}

func newReadyListener(ln net.Listener) *readyListener {
	return &readyListener{Listener: ln, ready: make(chan struct{})}
}

func (l *readyListener) Accept() (net.Conn, error) {
	l.once.Do(func() { close(l.ready) })
	return l.Listener.Accept()
}

// shutdown is Serve's graceful stop once its ctx is cancelled. One deadline,
// ShutdownTimeout from now, bounds all of it: fasthttp taking up the listener (if it has not
// yet), the in-flight requests, and the texts still queued for the model (bulk jobs'
// slices among them); at the deadline the running model calls are cancelled and waited
// for (the engine checks its ctx between model runs). Before, each of the last two had a
// ShutdownTimeout of its own, and a server cancelled before fasthttp took up its listener
// never stopped. The log says what it waited for and for how long, and what was left at the
// deadline. errc is fasthttp.Server.Serve's result.
func (s *Server) shutdown(rl *readyListener, errc <-chan error) error {
	t0 := time.Now()
	s.draining.Store(true)
	inflight, queued := s.inflight.Load(), s.b.depth.Load()
	s.log.Info("shutting down: no new connections, finishing in-flight requests and queued texts",
		"inflight", inflight, "queued_texts", queued, "timeout", s.opt.ShutdownTimeout.String())
	ctx, cancel := context.WithTimeout(context.Background(), s.opt.ShutdownTimeout)
	defer cancel()
	var errs []error
	serveDone, accepting := false, true
	select { // fasthttp's Serve must hold the listener before Shutdown can close it
	case <-rl.ready:
	case err := <-errc:
		serveDone = true
		if err != nil {
			errs = append(errs, fmt.Errorf("serve: %w", err))
		}
	case <-ctx.Done():
		// It never accepted, so no request is in flight: say what was waited for instead
		// of reporting in-flight requests that did not finish.
		accepting = false
		s.log.Error("shutdown: the HTTP server had not started accepting connections within the timeout; closing its listener",
			"timeout", s.opt.ShutdownTimeout.String())
	}
	if !accepting {
		// nothing to drain: closing the listener (below) makes Serve return
	} else if err := s.http.ShutdownWithContext(ctx); err != nil {
		s.log.Error("shutdown: in-flight requests did not finish in time", "err", err,
			"timeout", s.opt.ShutdownTimeout.String(), "inflight_left", s.inflight.Load())
		errs = append(errs, fmt.Errorf("shutdown: in-flight requests: %w", err))
	}
	// Closed here too (a second Close only errs), so that Serve returns even when it took
	// up the listener only after Shutdown looked (its Accept then fails at once).
	rl.Close()
	requests := time.Since(t0)
	if !serveDone {
		t := time.NewTimer(max(time.Until(t0.Add(s.opt.ShutdownTimeout)), 0) + serveExitGrace)
		select {
		case err := <-errc:
			if err != nil {
				errs = append(errs, fmt.Errorf("serve: %w", err))
			}
		case <-t.C:
			s.log.Error("shutdown: the HTTP server did not return after its listener was closed", "waited", time.Since(t0).String())
			errs = append(errs, errors.New("shutdown: the HTTP server did not return after its listener was closed"))
		}
		t.Stop()
	}
	t1 := time.Now()
	cancelled, left := s.b.close(ctx)
	if cancelled {
		// As before one deadline held both: logged, not an error of Serve (a bulk job's
		// slice cut here is resumed with its job).
		s.log.Warn("shutdown: queued texts were not analysed in time: the running model calls were cancelled",
			"timeout", s.opt.ShutdownTimeout.String(), "texts_left", left)
	}
	texts, reqs := s.m.totals()
	s.log.Info("server stopped", "requests", reqs, "texts", texts,
		"waited", time.Since(t0).String(), "waited_requests", requests.String(), "waited_queue", time.Since(t1).String(),
		"inflight_at_stop", inflight, "queued_texts_at_stop", queued)
	return errors.Join(errs...)
}
