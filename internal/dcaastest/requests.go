package dcaastest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// RequestKind describes the requests a check is about.
type RequestKind struct {
	method   string
	pathPart string
	statuses []int
}

// Request describes requests of a method (any when empty) whose path
// contains pathPart.
func Request(method, pathPart string) RequestKind {
	return RequestKind{method: method, pathPart: pathPart}
}

// Answered narrows the kind to requests answered with one of statuses; 0
// stands for a connection cut before the answer.
func (k RequestKind) Answered(statuses ...int) RequestKind {
	k.statuses = statuses
	return k
}

func (k RequestKind) String() string {
	method := k.method
	if method == "" {
		method = "any"
	}
	s := method + " " + k.pathPart
	if len(k.statuses) > 0 {
		s += fmt.Sprintf(" answered %v", k.statuses)
	}
	return s
}

func (k RequestKind) matches(r mockserver.Request) bool {
	return (k.method == "" || r.Method == k.method) && strings.Contains(r.Path, k.pathPart) &&
		(len(k.statuses) == 0 || slices.Contains(k.statuses, r.Status))
}

var _ statecheck.StateCheck = requestCount{}

type requestCount struct {
	api  API
	kind RequestKind
	want int
	// atLeast makes want a minimum.
	atLeast bool
}

// ExpectRequestCount checks that the API received exactly want requests of
// kind.
func ExpectRequestCount(api API, kind RequestKind, want int) statecheck.StateCheck {
	return requestCount{api: api, kind: kind, want: want}
}

// ExpectRequestsAtLeast checks that the API received least requests of
// kind or more, for what a test cannot count exactly, such as answers of a
// fault that fires at random.
func ExpectRequestsAtLeast(api API, kind RequestKind, least int) statecheck.StateCheck {
	return requestCount{api: api, kind: kind, want: least, atLeast: true}
}

func (c requestCount) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	n := 0
	for _, r := range c.api.Requests() {
		if c.kind.matches(r) {
			n++
		}
	}
	switch {
	case c.atLeast && n < c.want:
		resp.Error = fmt.Errorf("the API received %d requests %s, want at least %d", n, c.kind, c.want)
	case !c.atLeast && n != c.want:
		resp.Error = fmt.Errorf("the API received %d requests %s, want %d", n, c.kind, c.want)
	}
}

var _ statecheck.StateCheck = requestOrder{}

type requestOrder struct {
	api   API
	kinds []RequestKind
}

// ExpectRequestOrder checks that the API received a request of each kind,
// in the order given; other requests may come between them.
func ExpectRequestOrder(api API, kinds ...RequestKind) statecheck.StateCheck {
	return requestOrder{api: api, kinds: kinds}
}

func (c requestOrder) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	next := 0
	for _, r := range c.api.Requests() {
		if next < len(c.kinds) && c.kinds[next].matches(r) {
			next++
		}
	}
	if next < len(c.kinds) {
		resp.Error = fmt.Errorf("the API received no request %s after %v", c.kinds[next], c.kinds[:next])
	}
}

var _ statecheck.StateCheck = lastRequestBody{}

type lastRequestBody struct {
	api  API
	kind RequestKind
	want string
}

// ExpectLastRequestBody checks the body of the last request of kind that
// the API received, without surrounding white space.
func ExpectLastRequestBody(api API, kind RequestKind, want string) statecheck.StateCheck {
	return lastRequestBody{api: api, kind: kind, want: want}
}

func (c lastRequestBody) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range slices.Backward(c.api.Requests()) {
		if c.kind.matches(r) {
			if got := strings.TrimSpace(string(r.Body)); got != c.want {
				resp.Error = fmt.Errorf("the last request %s sent %s, want %s", c.kind, got, c.want)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("the API received no request %s", c.kind)
}
