package vifpeer

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/provider/shared"
)

// Every diagnostic of a VIF peer is made here, by a constructor named for
// it; those common to every part of the provider are in package shared.

// The configuration of a VIF peer.

// gatewaysNotALinkError is a remote gateway outside the local gateway's
// subnet, or the same address.
func gatewaysNotALinkError(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("remote_gateway_ip"), "Gateway addresses do not form a link",
		err.Error()+". remote_gateway_ip must be another host address in the subnet of local_gateway_ip.")
}

// missingBGPASNError is BGP routing without the router's AS number.
func missingBGPASNError() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("bgp_asn"), "Missing bgp_asn",
		`route_mode = "bgp" needs bgp_asn, the AS number of the on-premises router (1 to 4294967295).`)
}

// needsBGPError is attribute, which only BGP routing uses, set with static
// routing.
func needsBGPError(attribute string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), attribute+" needs BGP routing",
		attribute+` is only allowed with route_mode = "bgp"; with static routing (the default) leave it out.`)
}

// addressOfWrongFamilyError is the address at p, of family got, where
// address_family asks for family.
func addressOfWrongFamilyError(p path.Path, prefix netip.Prefix, got, family string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Address of the wrong family",
		fmt.Sprintf("%s is an %s address, but address_family is %s: %s must be an %s address.", prefix, got, family, p, family))
}

// The create, update and delete of a VIF peer, and the checks of its plan.

// peerCreateError words a failed create.
func peerCreateError(err error, req dcaas.CreateVifPeerRequest) diag.Diagnostic {
	what := fmt.Sprintf("the %s peer %q on virtual interface %s", strings.ToLower(req.AddressFamily), req.Name, req.VifID)
	var lost *dcaas.LostCreateError
	var taken *dcaas.FamilyTakenError
	switch {
	case errors.As(err, &lost) && lost.Found != nil:
		p := lost.Found
		return diag.NewErrorDiagnostic("VIF peer create's answer lost: the peer found is not taken over", fmt.Sprintf(
			"%s\n\n"+
				"The provider then read the interface. It now holds a new %s peer with every value the create sent: %s (name %q, status %s). "+
				"The create most likely made it, but that is not certain: another configuration, a second pipeline or the console "+
				"creating an identical peer at the same time would have made one just like it. "+
				"The provider puts into Terraform's state only a peer it knows it created, so this one is not in state.\n\n"+
				"If it is this resource's peer, import it, after which the plan is empty:\n\n%s\n\n"+
				"If it belongs elsewhere, leave it: this resource cannot be created while that peer holds the address family.",
			describeLostCreates(what, lost.Sent, lost.Cause), strings.ToLower(p.AddressFamily), p.ID, p.Name, p.Status, importInstructions(p.VifID, p.ID)))
	case errors.As(err, &lost) && lost.LookupErr != nil:
		return diag.NewErrorDiagnostic("VIF peer create's answer lost: whether a peer was made is unknown", fmt.Sprintf(
			"%s\n\n"+
				"Reading the interface, to learn whether the create made a peer, failed as well: %v\n\n"+
				"So whether a peer was made is unknown, and none is in Terraform's state. Look at the interface's peers (the dcaas_vif_peers "+
				"data source lists them): a %s peer named %q is probably this create's; import it by its id:\n\n%s\n\n"+
				"When there is none, apply again.",
			describeLostCreates(what, lost.Sent, lost.Cause), lost.LookupErr, strings.ToLower(req.AddressFamily), req.Name, importInstructions(req.VifID, "<peer_id>")))
	case errors.As(err, &lost):
		return diag.NewErrorDiagnostic(shared.ErrorSummary("creating VIF peer"), fmt.Sprintf(
			"The provider sent the create of %s %s, and none got an answer saying whether it made a peer. After each, the interface held no %s peer, "+
				"so none of them made one. The last failed with: %s\n\n"+
				"Nothing is in Terraform's state; the next apply creates the peer.",
			what, timesSent(lost.Sent), strings.ToLower(req.AddressFamily), describeLastCreate(lost.Cause)))
	case errors.As(err, &taken):
		return diag.NewErrorDiagnostic(shared.ErrorSummary("creating VIF peer")+": its address family is taken", describeFamilyTaken(taken))
	case interrupted(err):
		return diag.NewErrorDiagnostic("VIF peer create interrupted", fmt.Sprintf(
			"The apply was interrupted before the create of %s could make a peer: none was made, and none is in Terraform's state. "+
				"The next apply creates it.\n\n%v", what, err))
	}
	return shared.APIError("creating VIF peer", err, fmt.Sprintf("Creating %s failed.", what))
}

// describeLostCreates says which creates of what were sent, each but the
// last shown by the interface to have made nothing, and that the last got
// no answer saying whether it made a peer.
func describeLostCreates(what string, sent dcaas.CreatesSent, cause error) string {
	if sent == 1 {
		return fmt.Sprintf("The provider sent one create of %s, and got no answer saying whether it made a peer: %s", what, describeLastCreate(cause))
	}
	return fmt.Sprintf("The provider sent the create of %s %s. Each time before the last, it got no answer saying whether a peer was made, "+
		"read the interface, found no such peer there, so none had been, and sent the create again. The last got no such answer either: %s",
		what, timesSent(sent), describeLastCreate(cause))
}

// describeLastCreate is how the last create sent failed, and, when the
// client had to try it more than once, that the attempts before were
// turned away unacted: the client retries a create only then.
func describeLastCreate(cause error) string {
	var retried *dcaas.RetriedError
	if !errors.As(cause, &retried) {
		return fmt.Sprintf("%v.", cause)
	}
	return fmt.Sprintf("%v. It took %d attempts over %s: the service acted on none before the last (they were throttled, refused or never delivered).",
		retried.Err, retried.Attempts, retried.Over)
}

// timesSent says how many times a create was sent: "once", "3 times".
func timesSent(n dcaas.CreatesSent) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", int(n))
}

// theLast names the last of n creates sent: "it" when there was one.
func theLast(n dcaas.CreatesSent) string {
	if n == 1 {
		return "it"
	}
	return "the last"
}

// Why the service refuses a peer, and how the last peer of an interface
// can be replaced all the same: each said once, here, for every message
// below.
var (
	// onePeerPerFamily is why a create meets the holder of its family.
	onePeerPerFamily = "the service holds at most one peer per address family on a virtual interface (" + dcaas.CodeAddressFamilyTaken + ")"
	// lastPeerNeverDeleted is why a destroy leaves the last peer behind.
	lastPeerNeverDeleted = "the service never deletes the last peer of a virtual interface (" + dcaas.CodeLastPeer + ")"
	// lastPeerNotReplaceable is why the last peer cannot be replaced.
	lastPeerNotReplaceable = lastPeerNeverDeleted + ", nor holds a new peer of its address family beside it (" + dcaas.CodeAddressFamilyTaken + ")"
)

// replaceLastPeerAdvice says how to replace the last peer of an interface;
// a peer in ERROR can also go with its interface.
func replaceLastPeerAdvice(status string) string {
	advice := "To replace it, add a peer of the other address family to the interface first: a replacement can then delete this one"
	if status == dcaas.StatusError {
		advice += ". Or delete and recreate the virtual interface"
	}
	return advice + "."
}

// describeFamilyTaken says which peer holds the family a create wanted, and
// what the user can do.
func describeFamilyTaken(taken *dcaas.FamilyTakenError) string {
	p := taken.Holder
	detail := fmt.Sprintf("Virtual interface %s already has an %s peer: %s (name %q, gateways %s and %s, status %s): "+
		"%s, and the provider takes over no peer it did not create.",
		p.VifID, strings.ToLower(p.AddressFamily), p.ID, p.Name, p.LocalGatewayIP, p.RemoteGatewayIP, p.Status, onePeerPerFamily)
	replaced := ""
	switch {
	case taken.Sent == 0:
		detail += " No create was sent."
		// Terraform tells a provider nothing of create_before_destroy: the
		// new half of such a replacement comes as a plain create.
		replaced = "\n\nIf it is the peer this resource replaces, the replacement has to delete it first."
	case dcaas.IsAmbiguous(taken.Cause):
		detail += fmt.Sprintf(" The provider sent the create %s, and %s got no answer saying whether it made a peer: %s "+
			"The peer found is none of its making: its values are not those sent.", timesSent(taken.Sent), theLast(taken.Sent), describeLastCreate(taken.Cause))
	default:
		detail += fmt.Sprintf(" The provider sent the create %s, and the service refused %s: %s "+
			"The peer appeared after the provider read the interface.", timesSent(taken.Sent), theLast(taken.Sent), describeLastCreate(taken.Cause))
	}
	return detail + "\n\nTo manage that peer with this resource, import it:\n\n" + importInstructions(p.VifID, p.ID) + replaced
}

// interfaceUnreadableBeforeCreateError is the plan-time failure to read the
// interface of a peer to be created, to see whether its family is free:
// the create would fail in the same way, after other resources of the
// apply.
func interfaceUnreadableBeforeCreateError(vifID, family string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(shared.ErrorSummary("creating VIF peer")+": its virtual interface cannot be read", shared.DescribeAPIError(err,
		fmt.Sprintf("Reading virtual interface %s, to see whether its %s address family is free, failed.", vifID, strings.ToLower(family))))
}

// successorInterfaceUnreadableError fails, on vif_id, a replacement that
// moves the peer to an interface that cannot be read: unchecked, the
// replacement would delete the peer before its successor is refused.
func successorInterfaceUnreadableError(vifID, family, peerID string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("vif_id"), shared.ErrorSummary("checking whether the VIF peer can be replaced"), shared.DescribeAPIError(err,
		fmt.Sprintf("Reading virtual interface %s, to see whether its %s address family is free for the successor of VIF peer %s, failed.",
			vifID, strings.ToLower(family), peerID)))
}

// interfaceMissingError is the plan-time refusal, on vif_id, of a peer on
// an interface that the API, asked, said does not exist.
func interfaceMissingError(vifID string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("vif_id"), "Virtual interface not found", shared.DescribeAPIError(err, fmt.Sprintf(
		"vif_id names virtual interface %s, which the API reports does not exist in the provider's project, so no peer can be created on it. "+
			"Check vif_id: the id of an existing virtual interface, as the API or the console shows it.", vifID)))
}

// onlyPeerHoldsFamilyError is the plan-time refusal of a create whose
// address family is held by the only peer of the interface, which the
// service can neither delete nor hold a second peer of that family beside.
func onlyPeerHoldsFamilyError(p *dcaas.VifPeer) diag.Diagnostic {
	detail := fmt.Sprintf("Virtual interface %s already has an %s peer, %s (name %q, status %s), and it is the interface's only peer. "+
		"As %s, no new %s peer can be created there, whether or not this plan replaces %s.\n\n",
		p.VifID, strings.ToLower(p.AddressFamily), p.ID, p.Name, p.Status, lastPeerNotReplaceable, strings.ToLower(p.AddressFamily), p.ID)
	if p.Status != dcaas.StatusError {
		detail += "If this plan replaces it (it is tainted, or named in -replace), keep it instead: terraform untaint <address>, " +
			"or plan without -replace. "
	}
	return diag.NewErrorDiagnostic("VIF peer cannot be created: the interface's only peer holds its address family",
		detail+replaceLastPeerAdvice(p.Status)+" If it is not managed by this configuration, import it to manage it:\n\n"+importInstructions(p.VifID, p.ID))
}

// onlyPeerHoldsFamilyAtApplyWarning is the plan-time warning that the
// interface's only peer, p, is the one this resource makes: an apply that
// creates it fails, a destroy goes on.
func onlyPeerHoldsFamilyAtApplyWarning(p *dcaas.VifPeer) diag.Diagnostic {
	return diag.NewWarningDiagnostic("VIF peer cannot be created while the interface's only peer holds its address family", fmt.Sprintf(
		"Virtual interface %s has one peer, %s (name %q, status %s), with this peer's address family and gateway addresses: "+
			"the peer of this resource, tainted or named in -replace, or kept by the service when it was destroyed as the interface's last peer. "+
			"As %s, an apply that replaces or creates this peer fails before the service changes anything; a destroy goes on.\n\n"+
			"If this plan replaces it, keep it instead: terraform untaint <address>, or plan without -replace. "+
			"If it has left Terraform's state, import it to manage it again:\n\n%s",
		p.VifID, p.ID, p.Name, p.Status, lastPeerNotReplaceable, importInstructions(p.VifID, p.ID)))
}

// successorFamilyTakenError is the plan-time refusal, on the attribute that
// moves it, of a replacement whose successor's family, on interface vif, is
// held by peer p: the old peer would be deleted, then its successor refused.
func successorFamilyTakenError(attribute, peerID, family string, vif *dcaas.VirtualInterface, p *dcaas.VifPeer) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), "VIF peer cannot be replaced: its address family is taken", fmt.Sprintf(
		"This change replaces VIF peer %s with an %s peer on virtual interface %s, which already has one: %s (name %q, status %s). "+
			"As %s, the old peer would be deleted and its successor refused. "+
			"Delete or import %s first, or choose another address family or interface.",
		peerID, strings.ToLower(family), vif.ID, p.ID, p.Name, p.Status, onePeerPerFamily, p.ID))
}

// lastPeersReplacementError is the plan-time refusal, on the attribute that
// forces it, of the replacement of the last peer of an interface.
func lastPeersReplacementError(attribute, vifID, peerID string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), "VIF peer cannot be replaced: it is the last peer of its virtual interface", fmt.Sprintf(
		"Changing %s replaces VIF peer %s. It is the only peer of virtual interface %s, and %s, so the replacement would fail half-way. "+
			"Keep %s as it is. %s", attribute, peerID, vifID, lastPeerNotReplaceable, attribute, replaceLastPeerAdvice("")))
}

// failedLastPeerWarning says why a peer in ERROR, the last of its
// interface, is not planned for replacement.
func failedLastPeerWarning(vifID, peerID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("VIF peer in ERROR cannot be replaced: it is the last peer of its virtual interface", fmt.Sprintf(
		"VIF peer %s is in ERROR, and the service keeps a peer in ERROR until it is deleted. It is the only peer of virtual interface %s, "+
			"and %s, so it is not planned for replacement. %s",
		peerID, vifID, lastPeerNotReplaceable, replaceLastPeerAdvice(dcaas.StatusError)))
}

// createWaitCutShortWarning is a create whose wait for the new peer
// was cut short, not by the peer: it stays in state, untainted, in the
// status last seen, and the next apply waits for it.
func createWaitCutShortWarning(vifID, peerID, status string, err error) diag.Diagnostic {
	summary := "VIF peer still provisioning: the wait for it was cut short"
	if interrupted(err) {
		summary = "Interrupted while the VIF peer was provisioning"
	}
	return diag.NewWarningDiagnostic(summary, fmt.Sprintf(
		"VIF peer %s on virtual interface %s was created, and is in Terraform's state, not tainted, with the status last seen: %s. "+
			"The apply stopped waiting before the service finished it: %v\n\n"+
			"The next refresh reads its status, and the next apply waits for it to settle before anything that depends on it. "+
			"A peer that becomes ACTIVE or DOWN needs nothing more; one in ERROR is planned for replacement.", peerID, vifID, status, err))
}

// updateWaitCutShortWarning is an update, or the wait for a peer that
// an earlier apply left on its way, cut short, not by the peer.
func updateWaitCutShortWarning(vifID, peerID, status string, sent bool, err error) diag.Diagnostic {
	summary, what := "VIF peer still settling: the wait for it was cut short", "The service is still working on VIF peer %s on virtual interface %s"
	if interrupted(err) {
		summary = "Interrupted while the VIF peer was updating"
	}
	if sent {
		what = "The update of VIF peer %s on virtual interface %s was accepted"
	}
	return diag.NewWarningDiagnostic(summary, fmt.Sprintf(what+"; the API last showed it in status %s. The apply stopped waiting before the service finished: %v\n\n"+
		"The next refresh reads its status, and while it is not settled the next apply waits for it before anything that depends on it.",
		peerID, vifID, status, err))
}

// updateInterruptedError is an update interrupted before the API accepted
// it.
func updateInterruptedError(vifID, peerID string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("VIF peer update interrupted", fmt.Sprintf(
		"The apply was interrupted before the update of VIF peer %s on virtual interface %s was accepted. Terraform's state keeps the values "+
			"from before; the next refresh reads what the API holds, and the plan shows what is left to change.\n\n%v", peerID, vifID, err))
}

// updatedPeerGoneError is an update of a peer that is no longer there.
func updatedPeerGoneError(vifID, peerID string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("VIF peer deleted outside Terraform",
		fmt.Sprintf("VIF peer %s on virtual interface %s no longer exists, so it cannot be updated. "+
			"The next plan will show it to be created again.\n\n%v", peerID, vifID, err))
}

// lastPeerKeptError is a delete, other than a destroy, that the
// service refused as the last peer's: the replacement stops there, with
// the peer in state.
func lastPeerKeptError(state vifPeerResourceModel) diag.Diagnostic {
	detail := fmt.Sprintf("The service refused to delete VIF peer %s (name %q), the last peer of virtual interface %s, as %s, so it cannot be replaced. "+
		"It stays in Terraform's state as it is, and no successor is created.\n\n", state.ID.ValueString(), state.Name.ValueString(), state.VifID.ValueString(), lastPeerNotReplaceable)
	if state.Status.ValueString() != dcaas.StatusError {
		detail += "To keep it, drop what replaces it: terraform untaint <address> for a tainted peer, or the change or -replace that forces the replacement. "
	}
	return diag.NewErrorDiagnostic("VIF peer cannot be replaced: the service keeps the last peer of its virtual interface", detail+replaceLastPeerAdvice(state.Status.ValueString()))
}

// lastPeerLeftBehindWarning is the destroy of the last peer of an
// interface, which leaves the state while the peer stays in the API: so
// that nobody reads the destroy as complete, the summary says it first.
func lastPeerLeftBehindWarning(vifID, peerID string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("VIF peer still exists on its virtual interface: the service keeps the last peer", fmt.Sprintf(
		"VIF peer %s is the last peer of virtual interface %s, and %s. It has been removed from Terraform's state, "+
			"but it goes on existing until the virtual interface itself is deleted. To manage it again, import it:\n\n%s",
		peerID, vifID, lastPeerNeverDeleted, importInstructions(vifID, peerID)))
}

// deletionInterruptedError is a delete the API accepted, interrupted while
// the peer, in status lastStatus, was on its way out.
func deletionInterruptedError(vifID, peerID, lastStatus string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("VIF peer deletion interrupted", fmt.Sprintf(
		"The service accepted the delete of VIF peer %s on virtual interface %s and is deleting it (status %s), but the apply was interrupted "+
			"before the peer was gone. It stays in Terraform's state with that status. The next refresh reads it again, and drops it from the state "+
			"once it is gone; a destroy or a replacement waits for the deletion to end.",
		peerID, vifID, lastStatus))
}

// peerDownWarning is a peer provisioned but DOWN.
func peerDownWarning(peer *dcaas.VifPeer) diag.Diagnostic {
	return diag.NewWarningDiagnostic("VIF peer is DOWN",
		fmt.Sprintf("VIF peer %s on virtual interface %s is provisioned but its status is DOWN: check the on-premises router and the line, "+
			"or whether a switchover test has shut the interface down (dcaas_switchover_test_records), in which case the peer returns to ACTIVE when the test is undone.", peer.ID, peer.VifID))
}

// Imports, data sources and the list resource.

// invalidImportIDError is an import ID of neither accepted form.
func invalidImportIDError(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID", err.Error())
}

// invalidImportIdentityError is an import identity whose attribute name
// holds value, which is not a UUID.
func invalidImportIdentityError(name, value string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import identity",
		fmt.Sprintf("The import identity's %s %q is not a UUID such as 86f9556a-fa68-42b7-93c2-dd407408430b.", name, value))
}

// peerOnOtherInterfaceError is an import of peer p by an id that
// names interface vifID, which does not hold it.
func peerOnOtherInterfaceError(vifID string, p *dcaas.VifPeer) diag.Diagnostic {
	return diag.NewErrorDiagnostic("VIF peer is on another virtual interface", fmt.Sprintf(
		"VIF peer %s (name %q) is not on virtual interface %s: it is on virtual interface %s. Import it by that pair, or by the peer id alone:\n\n%s",
		p.ID, p.Name, vifID, p.VifID, importInstructions(p.VifID, p.ID)))
}

// importInstructions tells the ways to import peer peerID of interface
// vifID into a resource, with Terraform or OpenTofu, and how several peers,
// each named by its own error, come in with one block.
func importInstructions(vifID, peerID string) string {
	id := vifID + "/" + peerID
	return fmt.Sprintf("  terraform import <address> %s\n\n"+
		"(tofu import with OpenTofu), or an import block, with Terraform 1.5 and later or OpenTofu:\n\n"+
		"  import {\n    to = <address>\n    id = %q\n  }\n\n"+
		"Several peers, as after an apply that was killed or lost several answers, come in with one import block with for_each "+
		"(Terraform or OpenTofu 1.7 and later), keyed like the resource's own for_each, each value the <vif_id>/<peer_id> "+
		"that the error of that instance names:\n\n"+
		"  import {\n    for_each = {\n      \"<key>\" = %q\n    }\n    to = dcaas_vif_peer.<name>[each.key]\n    id = each.value\n  }",
		id, id, id)
}

// peerNotFoundError is a lookup of a data source or an ephemeral resource
// that found no peer where it searched.
func peerNotFoundError(err error, searched string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("VIF peer not found", shared.DescribeAPIError(err, "Looked for "+searched+"."))
}

// listingPeersError is the failed read of the project's peers.
func listingPeersError(err error) diag.Diagnostic {
	return shared.APIError("listing VIF peers", err, "Listing the virtual interfaces of the project, to read their peers, failed.")
}

// invalidNameRegexError is a name_regex that does not compile.
func invalidNameRegexError(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("name_regex"), "Invalid name_regex", err.Error())
}

// moreThanLimitWarning is a query that stops at its limit while more peers
// match.
func moreThanLimitWarning(limit int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("More VIF peers match than the limit",
		fmt.Sprintf("The query stops at limit = %d, and more peers match its filters: raise limit in the list block "+
			"(Terraform's default is 100) to see them all, or narrow the filters.", limit))
}
