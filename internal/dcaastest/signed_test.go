package dcaastest

import (
	"net/http"
	"testing"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

func TestExpectEverySignedBy(t *testing.T) {
	signed := mockserver.Request{Method: http.MethodGet, Path: "/v3/p/dcaas/virtual-interfaces", Status: http.StatusOK, SignedBy: "AK1", Header: http.Header{}}
	throttled := signed
	throttled.Status = http.StatusTooManyRequests
	refused := mockserver.Request{Method: http.MethodPost, Path: "/v3/p/dcaas/vif-peers", Status: http.StatusUnauthorized, Header: http.Header{}}
	withToken := signed
	withToken.Header = http.Header{"X-Auth-Token": {"t"}}

	expectPass(t, runCheck(ExpectEverySignedBy(fakeAPI{requests: []mockserver.Request{signed, throttled}}, "AK1"), nil))
	expectFailure(t, runCheck(ExpectEverySignedBy(fakeAPI{requests: []mockserver.Request{signed, refused}}, "AK1"), nil),
		`POST /v3/p/dcaas/vif-peers? (answered 401) was not signed by access key AK1, but by ""`)
	expectFailure(t, runCheck(ExpectEverySignedBy(fakeAPI{requests: []mockserver.Request{signed}}, "AK2"), nil), `but by "AK1"`)
	expectFailure(t, runCheck(ExpectEverySignedBy(fakeAPI{requests: []mockserver.Request{withToken}}, "AK1"), nil), "carried an X-Auth-Token")
	expectFailure(t, runCheck(ExpectEverySignedBy(fakeAPI{}, "AK1"), nil), "the API received no request")
}
