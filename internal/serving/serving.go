// Package serving serves a framework provider to Terraform, as
// providerserver.Serve does, without the framework keeping every request's
// context (see releasingServer).
package serving

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Address is the provider's address, written in full so that Terraform and
// OpenTofu, whose default registries differ, resolve it alike.
const Address = "registry.terraform.io/dcaas-labs/dcaas"

// Serve serves newProvider's providers to Terraform until Terraform stops
// it or is gone, as providerserver.Serve does, with each request's context
// let go of once it and the requests in flight when it was answered are
// answered (see releasingServer). In debug mode the
// provider is started by the developer, not by Terraform, so it runs until
// stopped.
func Serve(newProvider func() provider.Provider, debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		exitWhenParentGone()
	}
	return tf6server.Serve(Address, New(newProvider), opts...)
}

// New makes the protocol server Terraform talks to, a provider of its own
// for each, as providerserver.Serve does.
func New(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return newReleasingServer(providerserver.NewProtocol6(newProvider())().(frameworkServer))
	}
}

// frameworkServer is what the framework's protocol server implements: the
// provider's calls and the optional ones of list resources and actions,
// which tf6server finds by asserting their interfaces. Embedding only
// tfprotov6.ProviderServer would hide those, and Terraform would be told
// that the provider has no list resources.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
}

// releasingServer passes each request on with a context that lets go of
// the request's own context once the request has been answered, and every
// request in flight then has been answered too (see answered).
//
// The framework keeps the cancel function of every request's context until
// Terraform stops the provider, and with it the whole context: the request's
// loggers and fields, about 9 kB. A plan of 2,000 peers makes some 6,000
// requests, which kept over 50 MB alive in one process and doubled its
// garbage collector's work. Only the calls Terraform makes for every
// resource instance are wrapped; the others come once a run.
type releasingServer struct {
	frameworkServer
	requests *requestsInFlight
}

func newReleasingServer(framework frameworkServer) releasingServer {
	return releasingServer{framework, &requestsInFlight{inFlight: map[uint64]bool{}}}
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.MoveResourceState)
}

func (s releasingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.GenerateResourceConfig)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.ImportResourceState)
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.ReadDataSource)
}

func (s releasingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.ValidateEphemeralResourceConfig)
}

func (s releasingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.OpenEphemeralResource)
}

func (s releasingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return releasing(s.requests, ctx, req, s.frameworkServer.CloseEphemeralResource)
}

func releasing[Request, Response any](requests *requestsInFlight, ctx context.Context, req Request, call func(context.Context, Request) (Response, error)) (Response, error) {
	request := newReleasableContext(ctx)
	defer requests.answered(requests.started(), request)
	return call(request, req)
}

// requestsInFlight holds the context of each answered request until every
// request in flight at its answer has been answered too. A batch the
// client sends for several requests runs with the context of the first of
// them, and logs through that context's logger after that request may have
// been answered; the requests that share the batch are in flight until it
// ends, so its log lines are written. Each context is held only while a
// request older than its answer is in flight, not for the whole run.
type requestsInFlight struct {
	mu       sync.Mutex
	next     uint64          // the number of the next request to start
	inFlight map[uint64]bool // the numbers of the requests in flight
	// held are the contexts of answered requests, in the order of their
	// answers, each with the number of the first request that started
	// after it was answered.
	held []heldContext
}

type heldContext struct {
	ctx   *releasableContext
	until uint64
}

func (r *requestsInFlight) started() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.next
	r.next++
	r.inFlight[n] = true
	return n
}

// answered holds the context of request n, and lets go of those whose
// requests in flight at their answer have all been answered.
func (r *requestsInFlight) answered(n uint64, ctx *releasableContext) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.inFlight, n)
	r.held = append(r.held, heldContext{ctx, r.next})
	oldest := r.next
	for m := range r.inFlight {
		oldest = min(oldest, m)
	}
	released := 0
	for _, h := range r.held {
		if h.until > oldest {
			break
		}
		h.ctx.release()
		released++
	}
	r.held = slices.Delete(r.held, 0, released)
}

// releasableContext is its parent until release, and afterwards a context
// with the parent's deadline, done channel and error, and no values: the
// request it served has ended, and so have the requests that could share
// its work (see requestsInFlight). That Value then answers nil, where the
// context package wants it to keep its answers, is the point.
type releasableContext struct {
	parent      atomic.Pointer[context.Context]
	err         atomic.Pointer[error]
	done        <-chan struct{}
	deadline    time.Time
	hasDeadline bool
}

func newReleasableContext(parent context.Context) *releasableContext {
	c := &releasableContext{done: parent.Done()}
	c.deadline, c.hasDeadline = parent.Deadline()
	c.parent.Store(&parent)
	return c
}

func (c *releasableContext) release() {
	if parent := c.parent.Load(); parent != nil {
		if err := (*parent).Err(); err != nil {
			c.err.Store(&err)
		}
	}
	c.parent.Store(nil)
}

func (c *releasableContext) Deadline() (time.Time, bool) { return c.deadline, c.hasDeadline }

func (c *releasableContext) Done() <-chan struct{} { return c.done }

// Err is the parent's until release. A parent done only after release is
// judged by its deadline once, and that answer kept.
func (c *releasableContext) Err() error {
	if err := c.err.Load(); err != nil {
		return *err
	}
	if parent := c.parent.Load(); parent != nil {
		return (*parent).Err()
	}
	select {
	case <-c.done:
	default:
		return nil
	}
	err := context.Canceled
	if c.hasDeadline && !time.Now().Before(c.deadline) {
		err = context.DeadlineExceeded
	}
	c.err.CompareAndSwap(nil, &err)
	return *c.err.Load()
}

func (c *releasableContext) Value(key any) any {
	if parent := c.parent.Load(); parent != nil {
		return (*parent).Value(key)
	}
	return nil
}
