package serving

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider"
)

type requestValueKey struct{}

// requestPayload stands for what a request's context holds: its loggers
// and their fields.
type requestPayload [64 << 10]byte

// perInstanceCalls are the calls Terraform makes for each resource instance,
// with requests the framework answers with an error diagnostic at most.
var perInstanceCalls = map[string]func(context.Context, tfprotov6.ProviderServer) error{
	"ValidateResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"UpgradeResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"UpgradeResourceIdentity": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.UpgradeResourceIdentity(ctx, &tfprotov6.UpgradeResourceIdentityRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"ReadResource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"PlanResourceChange": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"ApplyResourceChange": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"ImportResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"MoveResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{TargetTypeName: "dcaas_vif_peer"})
		return err
	},
	"GenerateResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.GenerateResourceConfig(ctx, &tfprotov6.GenerateResourceConfigRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"ValidateDataResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"ReadDataSource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"ValidateEphemeralResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ValidateEphemeralResourceConfig(ctx, &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"OpenEphemeralResource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.OpenEphemeralResource(ctx, &tfprotov6.OpenEphemeralResourceRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
	"CloseEphemeralResource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.CloseEphemeralResource(ctx, &tfprotov6.CloseEphemeralResourceRequest{TypeName: "dcaas_vif_peer"})
		return err
	},
}

// retainedAfterRequest sends one call through server with a context holding
// a payload, cancels that context as gRPC does when the request ends, and
// reports whether the payload is still reachable after garbage collection.
func retainedAfterRequest(t *testing.T, server tfprotov6.ProviderServer, call func(context.Context, tfprotov6.ProviderServer) error) bool {
	t.Helper()
	alive := sendWithPayload(t, server, call)
	for range 3 {
		runtime.GC()
	}
	runtime.KeepAlive(server)
	return alive.Value() != nil
}

// sendWithPayload sends the request; the payload is reachable afterwards
// only through what server kept.
func sendWithPayload(t *testing.T, server tfprotov6.ProviderServer, call func(context.Context, tfprotov6.ProviderServer) error) weak.Pointer[requestPayload] {
	t.Helper()
	payload := &requestPayload{}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), requestValueKey{}, payload))
	defer cancel()
	if err := call(ctx, server); err != nil {
		t.Fatal(err)
	}
	return weak.Make(payload)
}

func TestServedProviderLetsGoOfEachRequestContext(t *testing.T) {
	framework := providerserver.NewProtocol6(provider.New("test")())
	for name, call := range perInstanceCalls {
		t.Run(name, func(t *testing.T) {
			if retainedAfterRequest(t, newReleasingServer(framework().(frameworkServer)), call) {
				t.Error("the served provider still holds the request's context after the request ended")
			}
			// When the framework stops holding every request's context, this
			// fails: releasingServer can then go.
			if !retainedAfterRequest(t, framework(), call) {
				t.Error("the framework no longer holds the request's context; releasingServer is no longer needed for it")
			}
		})
	}
}

// recordingServer keeps the context of the one request it serves.
type recordingServer struct {
	frameworkServer
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
	server := newReleasingServer(recordingServer{
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
	})
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

func TestRequestContextErrorStaysTheSameAfterRelease(t *testing.T) {
	deadline := time.Now().Add(200 * time.Millisecond)
	parent, cancel := context.WithDeadline(context.Background(), deadline)
	ctx := newReleasableContext(parent)
	cancel()
	ctx.release()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatalf("a request cancelled before release: Err is %v", ctx.Err())
	}
	<-time.After(time.Until(deadline) + 50*time.Millisecond)
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("once the deadline has passed, Err of a request cancelled before it is %v", ctx.Err())
	}

	// Done only after release: judged once, by the deadline, and kept.
	parent, cancel = context.WithDeadline(context.Background(), time.Now().Add(time.Hour))
	ctx = newReleasableContext(parent)
	ctx.release()
	if ctx.Err() != nil {
		t.Fatalf("a request not yet done: Err is %v", ctx.Err())
	}
	cancel()
	<-ctx.Done()
	if first, again := ctx.Err(), ctx.Err(); !errors.Is(first, context.Canceled) || !errors.Is(again, first) {
		t.Errorf("Err after the request's context was cancelled is %v, then %v", first, again)
	}
}

// Terraform learns of list resources and actions from the served provider
// only when it implements their calls.
func TestServedProviderOffersListResourcesAndActions(t *testing.T) {
	server := New(provider.New("test"))()
	if _, ok := server.(tfprotov6.ListResourceServer); !ok {
		t.Error("the served provider does not implement the calls of list resources")
	}
	if _, ok := server.(tfprotov6.ActionServer); !ok {
		t.Error("the served provider does not implement the calls of actions")
	}
}

// batchingServer answers ValidateResourceConfig as the client's view does
// for the requests that share one batch: the first sends the batch, with a
// context that keeps its values but not its cancellation, and each waits
// for the batch to end, or for the caller to give up.
type batchingServer struct {
	frameworkServer
	batch func(context.Context)
	wait  func(ctx context.Context)
}

func (s batchingServer) ValidateResourceConfig(ctx context.Context, _ *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if ctx.Value(requestValueKey{}) == "first" {
		go s.batch(context.WithoutCancel(ctx))
	}
	s.wait(ctx)
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// A batch shared by several requests logs through the context of the one
// that sent it: its lines are written after that request is answered, as
// when its caller gave up, while the others still wait for the batch. Once
// they are answered too, the context lets go of the request's values.
func TestSharedBatchLogsAfterItsFirstRequestIsAnswered(t *testing.T) {
	var logs syncBuffer
	send, batchDone, secondWaits := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var batchCtx context.Context
	server := newReleasingServer(batchingServer{
		batch: func(ctx context.Context) {
			batchCtx = ctx
			<-send
			tflog.Info(ctx, "batch answered")
			close(batchDone)
		},
		wait: func(ctx context.Context) {
			if ctx.Value(requestValueKey{}) == "first" {
				<-secondWaits // then the first caller gives up
				return
			}
			close(secondWaits)
			<-batchDone
		},
	})
	request := func(name string, answered chan<- error) {
		ctx := context.WithValue(tflogtest.RootLogger(context.Background(), &logs), requestValueKey{}, name)
		_, err := server.ValidateResourceConfig(ctx, nil)
		answered <- err
	}
	first, second := make(chan error), make(chan error)
	go request("first", first)
	go request("second", second)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	close(send)
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "batch answered") {
		t.Errorf("the batch's log line is lost: %q", logs.String())
	}
	if got := batchCtx.Value(requestValueKey{}); got != nil {
		t.Errorf("once every request sharing the batch is answered, its context still gives the first request's value %v", got)
	}
}

// syncBuffer is a buffer that loggers of several goroutines write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
