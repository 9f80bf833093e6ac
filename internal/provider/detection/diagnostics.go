package detection

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// Every diagnostic of a connectivity detection is made here, by a
// constructor named for it; those common to every part of the provider are
// in package shared.

// detectionStartError is a connectivity detection that could not be
// started.
func detectionStartError(err error, peerID string, timeout time.Duration) diag.Diagnostic {
	what := fmt.Sprintf("Starting a connectivity detection of VIF peer %s.", peerID)
	switch {
	case dcaas.IsNotFound(err):
		return diag.NewErrorDiagnostic("VIF peer not found", shared.DescribeAPIError(err, what+" The API knows no such peer: check vif_peer_id."))
	case dcaas.IsBusy(err):
		return diag.NewErrorDiagnostic("VIF peer busy", shared.DescribeAPIError(err, what+" The API refused it as busy (DC.1303): the peer is changing (PENDING_*) "+
			"or already has a connectivity detection processing. Run the action again once that has ended."))
	}
	if d, ok := shared.StartFateError(err, "Connectivity detection", what, timeout); ok {
		return d
	}
	return shared.APIError("starting connectivity detection", err, what)
}

// detectionFailedError is a detection the service could not run.
func detectionFailedError(detectionID, peerID string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Connectivity detection failed",
		fmt.Sprintf("Connectivity detection %s of VIF peer %s ended in status error: the service could not run the probe, so nothing is known of the line. "+
			"Run the action again; if it keeps failing, check the peer's status and its remote_gateway_ip.\n\n%v", detectionID, peerID, err))
}

// detectionWaitError is a detection whose wait ended without a result.
func detectionWaitError(ctx context.Context, err error, detectionID, peerID string, timeout time.Duration) diag.Diagnostic {
	summary, fared := shared.DescribeWaitEnd(ctx, err, "Connectivity detection", timeout)
	return diag.NewErrorDiagnostic(summary,
		fmt.Sprintf("Connectivity detection %s of VIF peer %s %s: it may still be running on the service. "+
			"Its result will be among the peer's detections under id %s. A busy peer refuses a new detection until it ends.\n\n%v",
			detectionID, peerID, fared, detectionID, err))
}

// detectionWithoutResultError is a complete detection of which the API
// gave no loss ratio.
func detectionWithoutResultError(d *dcaas.VifPeerDetection, peerID string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Connectivity detection without a result",
		fmt.Sprintf("Connectivity detection %s of VIF peer %s is complete but the API gave no loss_ratio (request id %s). This is a fault of the API; please report it.", d.ID, peerID, d.RequestID))
}

// packetLossError is a detection that measured a loss above the limit.
func packetLossError(detectionID, peerID string, loss, maxLoss int64) diag.Diagnostic {
	return diag.NewErrorDiagnostic("VIF peer loses packets",
		fmt.Sprintf("Connectivity detection %s of VIF peer %s measured a loss of %d%% of packets, above max_loss_ratio of %d%%. "+
			"Check the on-premises router, the line and the peer's remote_gateway_ip; a peer of an interface shut down by a switchover test loses every packet.",
			detectionID, peerID, loss, maxLoss))
}
