package dcaastest

import (
	"net/http"
	"testing"
	"time"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

var received = fakeAPI{requests: []mockserver.Request{
	{Method: http.MethodPost, Path: "/v3/p/dcaas/vif-peers", Status: http.StatusBadGateway, Body: []byte(`{"a":1}`)},
	{Method: http.MethodGet, Path: "/v3/p/dcaas/virtual-interfaces/vif-1", Status: http.StatusOK},
	{Method: http.MethodPost, Path: "/v3/p/dcaas/vif-peers", Status: http.StatusCreated, Body: []byte(`{"a":2}`)},
	{Method: http.MethodPut, Path: "/v3/p/dcaas/vif-peers/peer-1", Status: http.StatusOK, Body: []byte("{\"b\":1}\n")},
	{Method: http.MethodPut, Path: "/v3/p/dcaas/vif-peers/peer-1", Status: http.StatusOK, Body: []byte(`{"b":2}`)},
}}

func TestExpectRequestCount(t *testing.T) {
	expectPass(t, runCheck(ExpectRequestCount(received, Request(http.MethodPost, "/vif-peers"), 2), nil))
	expectPass(t, runCheck(ExpectRequestCount(received, Request("", "/vif-peers"), 4), nil))
	expectPass(t, runCheck(ExpectRequestCount(received, Request(http.MethodPost, "/vif-peers").Answered(http.StatusCreated, 0), 1), nil))
	expectPass(t, runCheck(ExpectRequestCount(received, Request(http.MethodDelete, "/vif-peers"), 0), nil))

	expectFailure(t, runCheck(ExpectRequestCount(received, Request(http.MethodPost, "/vif-peers"), 1), nil),
		"the API received 2 requests POST /vif-peers, want 1")
	expectFailure(t, runCheck(ExpectRequestCount(received, Request(http.MethodPost, "/vif-peers").Answered(http.StatusBadGateway), 2), nil),
		"the API received 1 requests POST /vif-peers answered [502], want 2")
	expectFailure(t, runCheck(ExpectRequestCount(received, Request(http.MethodGet, "/virtual-interfaces/vif-2"), 1), nil),
		"the API received 0 requests GET /virtual-interfaces/vif-2, want 1")
}

func TestExpectRequestsAtLeast(t *testing.T) {
	expectPass(t, runCheck(ExpectRequestsAtLeast(received, Request(http.MethodPost, "/vif-peers"), 2), nil))
	expectPass(t, runCheck(ExpectRequestsAtLeast(received, Request(http.MethodPut, "/vif-peers/"), 1), nil))
	expectFailure(t, runCheck(ExpectRequestsAtLeast(received, Request(http.MethodPost, "/vif-peers").Answered(http.StatusBadGateway), 2), nil),
		"the API received 1 requests POST /vif-peers answered [502], want at least 2")
}

func TestExpectRequestOrder(t *testing.T) {
	failedCreate := Request(http.MethodPost, "/vif-peers").Answered(http.StatusBadGateway)
	interfaceRead := Request(http.MethodGet, "/virtual-interfaces/vif-1").Answered(http.StatusOK)
	create := Request(http.MethodPost, "/vif-peers").Answered(http.StatusCreated)

	expectPass(t, runCheck(ExpectRequestOrder(received, failedCreate, interfaceRead, create), nil))
	expectPass(t, runCheck(ExpectRequestOrder(received, failedCreate, create), nil))
	expectFailure(t, runCheck(ExpectRequestOrder(received, interfaceRead, failedCreate), nil), "no request POST /vif-peers answered [502] after [GET")
	expectFailure(t, runCheck(ExpectRequestOrder(received, create, interfaceRead), nil), "no request GET /virtual-interfaces/vif-1 answered [200] after [POST")
}

func TestExpectLastRequestBody(t *testing.T) {
	update := Request(http.MethodPut, "/vif-peers/")
	expectPass(t, runCheck(ExpectLastRequestBody(received, update, `{"b":2}`), nil))
	expectFailure(t, runCheck(ExpectLastRequestBody(received, update, `{"b":1}`), nil), `the last request PUT /vif-peers/ sent {"b":2}, want {"b":1}`)
	expectFailure(t, runCheck(ExpectLastRequestBody(received, Request(http.MethodDelete, "/vif-peers/"), ""), nil), "the API received no request DELETE /vif-peers/")
}

func TestExpectRetryAfterHonoured(t *testing.T) {
	start := time.Now()
	throttledThen := func(gap time.Duration) fakeAPI {
		return fakeAPI{requests: []mockserver.Request{
			{Method: http.MethodGet, Path: "/x", At: start, Status: http.StatusTooManyRequests},
			{Method: http.MethodGet, Path: "/y", At: start.Add(gap / 2), Status: http.StatusOK},
			{Method: http.MethodGet, Path: "/x", At: start.Add(gap), Status: http.StatusOK},
		}}
	}
	expectPass(t, runCheck(ExpectRetryAfterHonoured(throttledThen(time.Second), time.Second, 3), nil))
	expectFailure(t, runCheck(ExpectRetryAfterHonoured(throttledThen(500*time.Millisecond), time.Second, 3), nil),
		"GET /x answered 429 was sent again after 500ms, sooner than Retry-After 1s")
	expectFailure(t, runCheck(ExpectRetryAfterHonoured(throttledThen(time.Second), time.Second, 2), nil),
		"the API received 3 requests, more than 2")
	expectFailure(t, runCheck(ExpectRetryAfterHonoured(received, time.Second, 10), nil), "the API throttled no request")
}
