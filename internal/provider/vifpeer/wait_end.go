package vifpeer

import (
	"context"
	"errors"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// How an operation's wait ended decides both what the state keeps and how
// the diagnostic is worded, so the resource and its diagnostics ask here.

// waitCutShort tells whether err ended a wait for a peer that is still
// there and on its way, not because of the peer: Terraform was interrupted
// (Ctrl-C), or the API could no longer be asked (credentials that expired,
// an API that stopped answering). The peer's own ERROR, its disappearance
// and the operation's timeout, whose deadline ends ctx, are failures.
func waitCutShort(ctx context.Context, err error) bool {
	switch {
	case err == nil:
		return false
	case interrupted(err):
		return true
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, dcaas.ErrProvisioningFailed), dcaas.IsNotFound(err):
		return false
	}
	return true
}

// interrupted tells whether err ended an operation because Terraform was
// interrupted (Ctrl-C), which cancels its context, as opposed to the
// operation's timeout, whose deadline ends it with DeadlineExceeded.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled)
}
