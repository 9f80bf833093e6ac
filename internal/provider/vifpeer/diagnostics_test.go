package vifpeer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

// The words of a failed create, for what the CLI tests cannot bring about:
// each says how many creates were sent and what the provider concluded.
func TestDescribeCreateFailure(t *testing.T) {
	req := dcaas.CreateVifPeerRequest{Name: "edge", AddressFamily: "IPv6", VifID: testVifID}
	lost := &dcaas.TransportError{Method: http.MethodPost, Sent: true, Err: errors.New("connection reset by peer")}
	found := dcaas.VifPeer{ID: "ba604c46-8cdd-40c6-8969-ccf6159bb02b", VifID: testVifID, Name: "edge", AddressFamily: "ipv6", Status: "PENDING_CREATE"}
	importID := testVifID + "/" + found.ID
	cases := map[string]struct {
		err         error
		wantSummary string
		wantDetail  string
		// Only a create refused before it was sent may meet the very peer
		// it replaces.
		namesReplacement bool
	}{
		"a peer like the one sent": {
			err:         &dcaas.LostCreateError{Sent: 2, Cause: lost, Found: &found},
			wantSummary: `^VIF peer create's answer lost: the peer found is not taken over$`,
			wantDetail: `(?s)^The provider sent the create of the ipv6 peer "edge" on virtual interface ` + testVifID + ` 2 times\. ` +
				`Each time before the last, it got no answer.*found no such peer there, so none had been, and sent the create again\. The last got no such answer either: POST : connection reset by peer\.\n.*` +
				found.ID + ` \(name "edge", status PENDING_CREATE\)\. The create most likely made it, but that is not certain.*` +
				`terraform import <address> ` + importID + `.*tofu import.*import \{\n    to = <address>\n    id = "` + importID + `"\n  \}` +
				`.*for_each = \{\n      "<key>" = "` + importID + `"\n    \}\n    to = dcaas_vif_peer.<name>\[each.key\]\n    id = each.value\n`,
		},
		"one create, tried after being throttled": {
			err:         &dcaas.LostCreateError{Sent: 1, Cause: &dcaas.RetriedError{Err: lost, Attempts: 2, Over: 1300 * time.Millisecond}, Found: &found},
			wantSummary: `^VIF peer create's answer lost: the peer found is not taken over$`,
			wantDetail: `(?s)^The provider sent one create of the ipv6 peer "edge" on virtual interface ` + testVifID + `, and got no answer saying whether it made a peer: ` +
				`POST : connection reset by peer\. It took 2 attempts over 1.3s: the service acted on none before the last.*The provider then read the interface`,
		},
		"none made after every try": {
			err:         &dcaas.LostCreateError{Sent: dcaas.MaxCreateAttempts, Cause: lost},
			wantSummary: `^Error creating VIF peer$`,
			wantDetail: fmt.Sprintf(`(?s)sent the create of .* %d times, and none got an answer saying whether it made a peer.*held no ipv6 peer, so none of them made one`,
				dcaas.MaxCreateAttempts),
		},
		"the read after it failed": {
			err:         &dcaas.LostCreateError{Sent: 1, Cause: lost, LookupErr: errors.New("HTTP 500")},
			wantSummary: `^VIF peer create's answer lost: whether a peer was made is unknown$`,
			wantDetail:  `(?s)sent one create.*failed as well: HTTP 500.*whether a peer was made is unknown.*named "edge".*terraform import <address> ` + testVifID + `/<peer_id>`,
		},
		"taken before any create": {
			err:              &dcaas.FamilyTakenError{Holder: found},
			wantSummary:      `^Error creating VIF peer: its address family is taken$`,
			wantDetail:       `(?s)already has an ipv6 peer: ` + found.ID + `.*No create was sent.*terraform import <address> ` + importID + `.*the replacement has to delete it first`,
			namesReplacement: true,
		},
		"taken by another after a lost answer": {
			err:         &dcaas.FamilyTakenError{Holder: found, Sent: 1, Cause: lost},
			wantSummary: `^Error creating VIF peer: its address family is taken$`,
			wantDetail:  `(?s)sent the create once, and it got no answer saying whether it made a peer: .*The peer found is none of its making.*terraform import`,
		},
		"interrupted before sending": {
			err:         fmt.Errorf("reading virtual interface: %w", context.Canceled),
			wantSummary: `^VIF peer create interrupted$`,
			wantDetail:  `could make a peer: none was made, and none is in Terraform's state`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			d := peerCreateError(tc.err, req)
			summary, detail := d.Summary(), d.Detail()
			if !regexp.MustCompile(tc.wantSummary).MatchString(summary) || !regexp.MustCompile(tc.wantDetail).MatchString(detail) {
				t.Errorf("summary %q, detail:\n%s\nwant %q and %q", summary, detail, tc.wantSummary, tc.wantDetail)
			}
			if !tc.namesReplacement && regexp.MustCompile(`replaces|replacement|create_before_destroy`).MatchString(detail) {
				t.Errorf("detail speaks of a replacement, which is not in play:\n%s", detail)
			}
		})
	}
}

// Each reason the service gives is worded once: every message about the
// last peer of an interface, or about a family already held, says it in
// the same words, and the last peer's messages say how to replace it.
func TestLastPeerAndFamilyTakenWordedOnce(t *testing.T) {
	holder := &dcaas.VifPeer{ID: "p-holder", VifID: testVifID, Name: "default-ipv4", AddressFamily: "ipv4", Status: dcaas.StatusActive}
	failed := *holder
	failed.Status = dcaas.StatusError
	state := vifPeerResourceModel{vifPeerModel: vifPeerModel{
		ID: types.StringValue(holder.ID), VifID: types.StringValue(testVifID), Name: types.StringValue(holder.Name), Status: types.StringValue(dcaas.StatusActive),
	}}
	replaceAdvice := replaceLastPeerAdvice("")
	for name, tc := range map[string]struct {
		detail string
		says   []string
	}{
		"only peer holds the family":       {onlyPeerHoldsFamilyError(holder).Detail(), []string{lastPeerNotReplaceable, replaceAdvice}},
		"only peer in ERROR holds it":      {onlyPeerHoldsFamilyError(&failed).Detail(), []string{lastPeerNotReplaceable, replaceLastPeerAdvice(dcaas.StatusError)}},
		"last peer's replacement planned":  {lastPeersReplacementError("local_gateway_ip", testVifID, holder.ID).Detail(), []string{lastPeerNotReplaceable, replaceAdvice}},
		"last peer in ERROR":               {failedLastPeerWarning(testVifID, holder.ID).Detail(), []string{lastPeerNotReplaceable, replaceLastPeerAdvice(dcaas.StatusError)}},
		"last peer's delete refused":       {lastPeerKeptError(state).Detail(), []string{lastPeerNotReplaceable, replaceAdvice}},
		"last peer left behind by destroy": {lastPeerLeftBehindWarning(testVifID, holder.ID).Detail(), []string{lastPeerNeverDeleted, importInstructions(testVifID, holder.ID)}},
		"family taken at create":           {describeFamilyTaken(&dcaas.FamilyTakenError{Holder: *holder}), []string{onePeerPerFamily}},
		"family taken for the successor":   {successorFamilyTakenError("address_family", "p-old", "IPv4", &dcaas.VirtualInterface{ID: testVifID}, holder).Detail(), []string{onePeerPerFamily}},
	} {
		for _, want := range tc.says {
			if !strings.Contains(tc.detail, want) {
				t.Errorf("%s: %q does not say %q", name, tc.detail, want)
			}
		}
	}
}
