package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/validators"
)

// maxCreateAttempts bounds how often a create is sent after answers that
// left open whether it took effect, each time only after the interface was
// read and shown to hold no such peer.
const maxCreateAttempts = 3

// createVifPeer creates a peer without ever making a second one or losing
// one. When the create's answer is lost or is a server error, or the API
// says the address family is taken, the interface is read: a peer that
// matches the request is adopted; one that does not is reported by name;
// when there is none, the create provably did nothing and is sent again.
func createVifPeer(ctx context.Context, client *dcaas.Client, req dcaas.CreateVifPeerRequest) (*dcaas.VifPeer, error) {
	peer, err := client.CreateVifPeer(ctx, req)
	for attempt := 1; err != nil; attempt++ {
		if !dcaas.IsAmbiguous(err) && !dcaas.IsAddressFamilyTaken(err) {
			return nil, err
		}
		tflog.Warn(ctx, "create of VIF peer may or may not have taken effect, looking on the interface", map[string]any{
			"vif_id": req.VifID, "address_family": req.AddressFamily, "error": err.Error(),
		})
		existing, findErr := findPeerOfFamilyEvenIfCancelled(ctx, client, req.VifID, req.AddressFamily)
		switch {
		case findErr != nil:
			return nil, fmt.Errorf("%w\n\nReading virtual interface %s to see whether the peer was created failed as well: %w", err, req.VifID, findErr)
		case existing != nil && matchesCreateRequest(existing, req):
			tflog.Info(ctx, "adopting the VIF peer the create made", map[string]any{"id": existing.ID})
			return existing, nil
		case existing != nil:
			return nil, &familyTakenError{existing: existing, cause: err}
		case dcaas.IsAddressFamilyTaken(err) || attempt >= maxCreateAttempts:
			return nil, err
		}
		tflog.Info(ctx, "the interface holds no such peer: the create did nothing, sending it again", map[string]any{"attempt": attempt + 1})
		if sleepErr := dcaas.Sleep(ctx, retryFirstDelay<<attempt); sleepErr != nil {
			return nil, errors.Join(err, sleepErr)
		}
		peer, err = client.CreateVifPeer(ctx, req)
	}
	return peer, nil
}

// lookupAfterCancelTimeout bounds the read that finds out what an
// interrupted create did: the user wants to stop, but not to lose a peer.
const lookupAfterCancelTimeout = 30 * time.Second

// findPeerOfFamilyEvenIfCancelled reads the interface even when the apply
// was interrupted while the create was on its way, so a peer it made still
// reaches the state.
func findPeerOfFamilyEvenIfCancelled(ctx context.Context, client *dcaas.Client, vifID, family string) (*dcaas.VifPeer, error) {
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupAfterCancelTimeout)
	defer cancel()
	return findPeerOfFamily(lookupCtx, client, vifID, family)
}

func findPeerOfFamily(ctx context.Context, client *dcaas.Client, vifID, family string) (*dcaas.VifPeer, error) {
	vif, err := client.GetVirtualInterface(ctx, vifID)
	if err != nil {
		return nil, err
	}
	for i := range vif.VifPeers {
		if validators.NormalizeAddressFamily(vif.VifPeers[i].AddressFamily) == family {
			return &vif.VifPeers[i], nil
		}
	}
	return nil, nil
}

// matchesCreateRequest tells whether a peer found on the interface is the
// one this create asked for: same name and gateway addresses.
func matchesCreateRequest(peer *dcaas.VifPeer, req dcaas.CreateVifPeerRequest) bool {
	return peer.Name == req.Name &&
		validators.SamePrefix(peer.LocalGatewayIP, req.LocalGatewayIP) &&
		validators.SamePrefix(peer.RemoteGatewayIP, req.RemoteGatewayIP)
}

// familyTakenError says which peer holds the address family a create wanted.
type familyTakenError struct {
	existing *dcaas.VifPeer
	cause    error
}

func (e *familyTakenError) Error() string {
	p := e.existing
	return fmt.Sprintf("virtual interface %s already has an %s peer, %s (name %q, gateways %s and %s, status %s), "+
		"which is not the one in this configuration (%s: one peer per address family). "+
		"Import it with `terraform import <address> %s/%s`, or delete it, then apply again.\n\n%v",
		p.VifID, p.AddressFamily, p.ID, p.Name, p.LocalGatewayIP, p.RemoteGatewayIP, p.Status,
		dcaas.CodeAddressFamilyTaken, p.VifID, p.ID, e.cause)
}

func (e *familyTakenError) Unwrap() error { return e.cause }
