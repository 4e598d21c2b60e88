package tasks

import (
	"errors"
	"strings"
	"testing"
)

func TestLifecycleTransitions(t *testing.T) {
	f := func(from, action, want string) {
		t.Helper()
		got, err := next("shop.r.20261109", from, action)
		if want == "" {
			var te *TransitionError
			if err == nil || !errors.As(err, &te) && !strings.Contains(err.Error(), "unknown action") {
				t.Fatalf("%s --%s--> %q, %v: want an illegal-transition error", from, action, got, err)
			}
			return
		}
		if err != nil || got != want {
			t.Fatalf("%s --%s--> %q, %v; want %s", from, action, got, err, want)
		}
	}
	f(StatusOpen, ActionAck, StatusAcknowledged)
	f(StatusAcknowledged, ActionStart, StatusInProgress)
	f(StatusInProgress, ActionResolve, StatusResolved)
	f(StatusResolved, ActionVerify, StatusVerified)
	f(StatusOpen, ActionDismiss, StatusDismissed)
	f(StatusAcknowledged, ActionDismiss, StatusDismissed)
	f(StatusInProgress, ActionDismiss, StatusDismissed)
	// Illegal: skipping steps, going back, acting on closed tasks, unknown actions.
	f(StatusOpen, ActionStart, "")
	f(StatusOpen, ActionResolve, "")
	f(StatusOpen, ActionVerify, "")
	f(StatusAcknowledged, ActionAck, "")
	f(StatusInProgress, ActionVerify, "")
	f(StatusResolved, ActionStart, "")
	f(StatusResolved, ActionDismiss, "")
	f(StatusVerified, ActionVerify, "")
	f(StatusVerified, ActionAck, "")
	f(StatusDismissed, ActionAck, "")
	f(StatusOpen, "close", "")
	f(StatusOpen, "", "")

	_, err := next("x", StatusOpen, ActionVerify)
	if err == nil || !strings.Contains(err.Error(), "task x is open: verify needs it to be resolved") {
		t.Fatalf("message = %v", err)
	}
	for _, a := range Actions {
		to := transitions[a].to
		if got, ok := ActionFor(to); !ok || got != a {
			t.Fatalf("ActionFor(%s) = %s, %v", to, got, ok)
		}
	}
	if _, ok := ActionFor(StatusOpen); ok {
		t.Fatal("ActionFor(open) found an action")
	}
}
