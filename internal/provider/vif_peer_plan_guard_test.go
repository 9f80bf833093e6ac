package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// A replacement that moves the peer to another interface is checked
// against that interface before the old peer is deleted. When the API
// fails to answer for it (HTTP 500), the plan fails with that error on
// vif_id, rather than let the apply delete the peer and then find its
// successor refused; nothing is created or deleted.
func TestAccVifPeerResource_vifIDChangeTargetUnreadable(t *testing.T) {
	m := newTestMock(t)
	m.seedOtherFamilyPeer(t, "ipv4")
	targetVifID := m.SeedInterface("", "target-vif")
	var sent int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: m.providerConfig() + peerBlock("test", examplePeer())},
			{
				PreConfig: func() {
					sent = len(m.Requests())
					m.InjectFault(mockserver.Fault{Status: http.StatusInternalServerError, Every: 1,
						Methods: []string{http.MethodGet}, PathContains: "/virtual-interfaces/" + targetVifID})
				},
				Config: m.providerConfig() + peerBlock("test", examplePeer().with(hclArgs{"vif_id": fmt.Sprintf("%q", targetVifID)})),
				ExpectError: expectDiagnostic("Error checking whether the VIF peer can be replaced",
					`vif_id = "`+targetVifID+`"`, "Reading virtual interface "+targetVifID, "HTTP 500"),
			},
			{
				PreConfig: func() {
					m.expectNoCreateOrDeleteSince(t, sent, "the plan that could not read the target interface")
					m.ClearFaults()
				},
				Config:            m.providerConfig() + peerBlock("test", examplePeer()),
				ConfigStateChecks: m.expectNothingReplaced(),
			},
		},
	})
}
