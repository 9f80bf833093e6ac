package serving

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
)

type requestValueKey struct{}

// requestPayload stands for what a request's context holds: its loggers
// and their fields.
type requestPayload [64 << 10]byte

// retainedAfterRequest sends one ValidateResourceConfig through server with
// a context holding a payload, cancels that context as gRPC does when the
// request ends, and reports whether the payload is still reachable after
// garbage collection.
func retainedAfterRequest(t *testing.T, server tfprotov6.ProviderServer) bool {
	t.Helper()
	alive := sendWithPayload(t, server)
	for range 3 {
		runtime.GC()
	}
	runtime.KeepAlive(server)
	return alive.Value() != nil
}

// sendWithPayload sends the request; the payload is reachable afterwards
// only through what server kept.
func sendWithPayload(t *testing.T, server tfprotov6.ProviderServer) weak.Pointer[requestPayload] {
	t.Helper()
	payload := &requestPayload{}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), requestValueKey{}, payload))
	defer cancel()
	if _, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "dcaas_vif_peer"}); err != nil {
		t.Fatal(err)
	}
	return weak.Make(payload)
}

func TestServedProviderLetsGoOfEachRequestContext(t *testing.T) {
	framework := providerserver.NewProtocol6(provider.New("test")())
	if retainedAfterRequest(t, releasingServer{framework()}) {
		t.Error("the served provider still holds a request's context after the request ended")
	}
	// When the framework stops holding every request's context, this fails:
	// releasingServer can then go.
	if !retainedAfterRequest(t, framework()) {
		t.Error("the framework no longer holds request contexts; releasingServer is no longer needed")
	}
}

// recordingServer keeps the context of the one request it serves.
type recordingServer struct {
	tfprotov6.ProviderServer
	during func(context.Context)
	ctx    *context.Context
}

func (s recordingServer) ValidateResourceConfig(ctx context.Context, _ *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	s.during(ctx)
	*s.ctx = ctx
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func TestRequestContextIsTheRequestsUntilAnswered(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), requestValueKey{}, "fields"), deadline)
	defer cancel()
	var seen context.Context
	server := releasingServer{recordingServer{
		during: func(ctx context.Context) {
			if got := ctx.Value(requestValueKey{}); got != "fields" {
				t.Errorf("during the request, the value is %v, not the request's", got)
			}
			if got, ok := ctx.Deadline(); !ok || !got.Equal(deadline) {
				t.Errorf("during the request, the deadline is %v (%t), not %v", got, ok, deadline)
			}
			if ctx.Err() != nil {
				t.Errorf("during the request, the context is done: %v", ctx.Err())
			}
		},
		ctx: &seen,
	}}
	if _, err := server.ValidateResourceConfig(parent, nil); err != nil {
		t.Fatal(err)
	}
	if got := seen.Value(requestValueKey{}); got != nil {
		t.Errorf("after the answer, the context still gives the request's value %v", got)
	}
	if seen.Err() != nil {
		t.Errorf("the context is done before the request's context is: %v", seen.Err())
	}
	cancel()
	select {
	case <-seen.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the context is not done after the request's context was cancelled")
	}
	if !errors.Is(seen.Err(), context.Canceled) {
		t.Errorf("after the request's context was cancelled, Err is %v", seen.Err())
	}
}
