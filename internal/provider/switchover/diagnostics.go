package switchover

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// Every diagnostic of a switchover test is made here, by a constructor
// named for it; those common to every part of the provider are in package
// shared.

// switchoverStartError is a switchover test that could not be started.
func switchoverStartError(err error, vifID, operation string, timeout time.Duration) diag.Diagnostic {
	what := fmt.Sprintf("Starting a switchover test (%s) of virtual interface %s.", operation, vifID)
	switch {
	case dcaas.IsNotFound(err):
		return diag.NewErrorDiagnostic("Virtual interface not found", shared.DescribeAPIError(err, what+" The API knows no such interface: check vif_id."))
	case dcaas.IsInvalid(err) && operation == dcaas.OperationShutdown:
		return diag.NewErrorDiagnostic("Virtual interface already shut down", shared.DescribeAPIError(err, what+
			" The API refused it (DC.0001): a shutdown of an interface already shut down. Bring it back with operation = \"undo_shutdown\"."))
	case dcaas.IsInvalid(err):
		return diag.NewErrorDiagnostic("Virtual interface not shut down", shared.DescribeAPIError(err, what+
			" The API refused it (DC.0001): an undo_shutdown of an interface that is not shut down. There is nothing to undo."))
	case dcaas.IsBusy(err):
		return diag.NewErrorDiagnostic("Virtual interface busy", shared.DescribeAPIError(err, what+" The API refused it as busy (DC.1303): a switchover test of the interface "+
			"has not finished, or one of its peers is changing (PENDING_*). Run the action again once that has ended."))
	}
	if d, ok := shared.StartFateError(err, "Switchover test", what, timeout); ok {
		return d
	}
	return shared.APIError("starting switchover test", err, what)
}

// switchoverFailedError is a switchover test the service did not complete.
func switchoverFailedError(testID, vifID, operation string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Switchover test failed",
		fmt.Sprintf("The %s switchover test %s of virtual interface %s ended in status ERROR: the service did not complete it, "+
			"and the interface stays as it was before. Check the interface's status, then run the action again.\n\n%v", operation, testID, vifID, err))
}

// switchoverWaitError is a switchover test whose wait ended without a
// result.
func switchoverWaitError(ctx context.Context, err error, testID, vifID, operation string, timeout time.Duration) diag.Diagnostic {
	summary, fared := shared.DescribeWaitEnd(ctx, err, "Switchover test", timeout)
	return diag.NewErrorDiagnostic(summary,
		fmt.Sprintf("The %s switchover test %s of virtual interface %s %s: it may still be running on the service, "+
			"and the interface refuses another test until it ends. Its record, id %s, is among the interface's switchover test records.\n\n%v",
			operation, testID, vifID, fared, testID, err))
}
