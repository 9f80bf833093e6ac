package sdkcheck

// The vendor's own DC v3 client against the mock: what the vendor's users
// send, the mock must take as the contract says, and what the mock answers,
// the vendor's client must read, except where the contract allows more than
// the vendor's models hold. Those places are asserted below, each with what
// the provider's client does instead.

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	dc "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dc/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dc/v3/model"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/mockserver"
)

// vendorClient starts a mock and returns it, its URL and the vendor's
// client of it, signing with an access key as the vendor's users do. The
// vendor's client speaks plain HTTP to an http:// endpoint, so no TLS is
// needed.
func vendorClient(t *testing.T) (*mockserver.Server, string, *dc.DcClient) {
	t.Helper()
	m := mockserver.New(mockserver.Options{ProjectID: project, Token: "unused"})
	m.AddAccessKey(ak, sk, project)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv.URL, newVendorClient(t, srv.URL, sk)
}

func newVendorClient(t *testing.T, endpoint, secret string) *dc.DcClient {
	t.Helper()
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(secret).WithProjectId(project).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := dc.DcClientBuilder().WithEndpoints([]string{endpoint}).WithCredential(cred).
		WithHttpConfig(config.DefaultHttpConfig()).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return dc.NewDcClient(hc)
}

// ownClient is the provider's client of the same mock.
func ownClient(t *testing.T, endpoint string) *dcaas.Client {
	t.Helper()
	c, err := dcaas.NewClient(dcaas.Config{Endpoint: endpoint, ProjectID: project, AccessKey: &dcaas.AccessKey{ID: ak, Secret: sk}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// createVendorInterface makes an interface with the vendor's body, its
// IPv4 peer given by local_gateway_v4_ip and the fields beside it.
func createVendorInterface(t *testing.T, c *dc.DcClient, name, dcID, vgwID string) *model.VirtualInterface {
	t.Helper()
	resp, err := c.CreateVirtualInterface(&model.CreateVirtualInterfaceRequest{Body: &model.CreateVirtualInterfaceRequestBody{
		VirtualInterface: &model.CreateVirtualInterface{
			Name: ptr(name), DirectConnectId: ptr(dcID), VgwId: ptr(vgwID),
			Type: model.GetCreateVirtualInterfaceTypeEnum().PRIVATE, Vlan: 100, Bandwidth: 5,
			RouteMode:        model.GetCreateVirtualInterfaceRouteModeEnum().STATIC,
			LocalGatewayV4Ip: ptr("180.1.1.1/30"), RemoteGatewayV4Ip: ptr("180.1.1.2/30"),
			RemoteEpGroup: &[]string{"1.1.1.0/30"},
		},
	}})
	if err != nil {
		t.Fatalf("create interface %s: %v", name, err)
	}
	return resp.VirtualInterface
}

// serviceError is the vendor's parse of an error answer.
func serviceError(t *testing.T, err error) *sdkerr.ServiceResponseError {
	t.Helper()
	var se *sdkerr.ServiceResponseError
	if !errors.As(err, &se) {
		t.Fatalf("%v (%T), want the vendor's ServiceResponseError", err, err)
	}
	return se
}

func TestVendorClientPeerLifecycle(t *testing.T) {
	_, url, c := vendorClient(t)

	vif := createVendorInterface(t, c, "vendor", "6ecd9cf3-ca64-46c7-863f-f2eb1b9e838a", "56d5745e-6af2-40e4-945d-fe449be00148")
	if vif.Id == nil || vif.VifPeers == nil || len(*vif.VifPeers) != 1 {
		t.Fatalf("interface %+v, want one with its IPv4 peer", vif)
	}
	if p := (*vif.VifPeers)[0]; *p.AddressFamily != "ipv4" || *p.LocalGatewayIp != "180.1.1.1/30" || (*p.RemoteEpGroup)[0] != "1.1.1.0/30" {
		t.Errorf("default peer %+v", p)
	}

	created, err := c.CreateVifPeer(&model.CreateVifPeerRequest{Body: &model.CreateVifPeerRequestBody{VifPeer: &model.CreateVifPeer{
		Name: ptr("v6"), AddressFamily: ptr("ipv6"), LocalGatewayIp: ptr("fd00::1/64"), RemoteGatewayIp: ptr("fd00::2/64"),
		RouteMode: ptr(model.GetCreateVifPeerRouteModeEnum().BGP), BgpAsn: ptr(int32(64512)), BgpMd5: ptr("k"),
		RemoteEpGroup: &[]string{"fd00:1::/48"}, VifId: vif.Id,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	peerID := *created.VifPeer.Id
	if created.HttpStatusCode != http.StatusCreated || *created.VifPeer.Status != "PENDING_CREATE" || *created.VifPeer.BgpAsn != 64512 {
		t.Errorf("created %d %+v", created.HttpStatusCode, created.VifPeer)
	}

	// Read through the interface: there is no read of one peer.
	shown, err := c.ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id})
	if err != nil {
		t.Fatal(err)
	}
	var found *model.VifPeer
	for i, p := range *shown.VirtualInterface.VifPeers {
		if *p.Id == peerID {
			found = &(*shown.VirtualInterface.VifPeers)[i]
		}
	}
	if found == nil || *found.Status != "ACTIVE" || *found.BgpStatus != "Established" || found.RouteMode.Value() != "bgp" {
		t.Fatalf("peer as read: %+v", found)
	}

	updated, err := c.UpdateVifPeer(&model.UpdateVifPeerRequest{VifPeerId: peerID, Body: &model.UpdateVifPeerRequestBody{VifPeer: &model.UpdateVifPeer{
		Name: ptr("renamed"), RemoteEpGroup: &[]string{"fd00:2::/48", "fd00:3::/48"},
	}}})
	if err != nil || *updated.VifPeer.Name != "renamed" || len(*updated.VifPeer.RemoteEpGroup) != 2 {
		t.Fatalf("update: %+v, %v", updated, err)
	}
	if _, err := c.DeleteVifPeer(&model.DeleteVifPeerRequest{VifPeerId: peerID}); err != nil {
		t.Fatal(err)
	}
	// The provider's client sees what the vendor's did.
	if _, err := ownClient(t, url).VifPeer(context.Background(), *vif.Id, peerID, dcaas.Fresh); !dcaas.IsNotFound(err) {
		t.Errorf("deleted peer read by the provider's client: %v", err)
	}
}

func TestVendorClientListPagingAndFilters(t *testing.T) {
	_, _, c := vendorClient(t)
	var ids []string
	for i, name := range []string{"a", "b", "c"} {
		vif := createVendorInterface(t, c, name, "dc-"+name, []string{"vgw-1", "vgw-1", "vgw-2"}[i])
		ids = append(ids, *vif.Id)
	}
	var listed []string
	var marker *string
	for pages := 0; ; pages++ {
		resp, err := c.ListVirtualInterfaces(&model.ListVirtualInterfacesRequest{Limit: ptr(int32(2)), Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		if resp.VirtualInterfaces != nil {
			for _, v := range *resp.VirtualInterfaces {
				listed = append(listed, *v.Id)
			}
		}
		if resp.PageInfo == nil || resp.PageInfo.NextMarker == nil || pages > 3 {
			break
		}
		marker = resp.PageInfo.NextMarker
	}
	if len(listed) != 3 {
		t.Errorf("paged through %v, want the 3 interfaces", listed)
	}
	for _, tc := range []struct {
		name string
		req  model.ListVirtualInterfacesRequest
		want int
	}{
		{"two ids", model.ListVirtualInterfacesRequest{Id: &[]string{ids[0], ids[2]}}, 2},
		{"ids and a status", model.ListVirtualInterfacesRequest{Id: &[]string{ids[0], ids[2]}, Status: &[]string{"DOWN"}}, 0},
		{"a gateway", model.ListVirtualInterfacesRequest{VgwId: &[]string{"vgw-1"}}, 2},
		{"two connections and a gateway", model.ListVirtualInterfacesRequest{DirectConnectId: &[]string{"dc-a", "dc-c"}, VgwId: &[]string{"vgw-2"}}, 1},
	} {
		resp, err := c.ListVirtualInterfaces(&tc.req)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		// An empty list may come back as null: the vendor's pointer is nil.
		n := 0
		if resp.VirtualInterfaces != nil {
			n = len(*resp.VirtualInterfaces)
		}
		if n != tc.want {
			t.Errorf("%s: %d interfaces, want %d", tc.name, n, tc.want)
		}
	}
	// The vendor's sort_dir, sort_key and fields are not in the contract:
	// the mock refuses them, as a server that does not know them must.
	_, err := c.ListVirtualInterfaces(&model.ListVirtualInterfacesRequest{SortKey: ptr("name")})
	if se := serviceError(t, err); se.StatusCode != 400 || se.ErrorCode != "DC.0001" || !strings.Contains(se.ErrorMessage, "sort_key") {
		t.Errorf("sort_key: %+v", se)
	}
}

// The vendor's detection calls: create, show and delete work. Its list
// sends no vif_peer_id, which the contract requires, so it cannot list a
// peer's detections; the provider's client can.
func TestVendorClientDetections(t *testing.T) {
	m, url, c := vendorClient(t)
	vif := createVendorInterface(t, c, "d", "dc-d", "vgw-d")
	peerID := *(*vif.VifPeers)[0].Id
	loss := 25
	m.SetDetectionOutcome(peerID, mockserver.DetectionOutcome{LossRatio: &loss})

	created, err := c.CreateVifPeerDetection(&model.CreateVifPeerDetectionRequest{Body: &model.CreateVifPeerDetectionRequestBody{
		VifPeerDetection: &model.CreateVifPeerDetectionRequestBodyVifPeerDetection{VifPeerId: peerID},
	}})
	if err != nil {
		t.Fatal(err)
	}
	d := created.VifPeerDetection
	if created.HttpStatusCode != http.StatusCreated || d.Status.Value() != "processing" || *d.VifPeerId != peerID || d.LossRatio != nil {
		t.Fatalf("created %+v", d)
	}
	// The vendor names the path's parameter vif_peer_id; it holds the
	// detection's id.
	shown, err := c.ShowVifPeerDetection(&model.ShowVifPeerDetectionRequest{VifPeerId: *d.Id})
	if err != nil {
		t.Fatal(err)
	}
	if s := shown.VifPeerDetection; s.Status.Value() != "complete" || s.LossRatio == nil || *s.LossRatio != 25 || s.EndTime == nil {
		t.Errorf("shown %+v", s)
	}

	_, err = c.ListVifPeerDetections(&model.ListVifPeerDetectionsRequest{Limit: ptr(int32(10))})
	if se := serviceError(t, err); se.StatusCode != 400 || se.ErrorCode != "DC.0001" || !strings.Contains(se.ErrorMessage, "vif_peer_id") {
		t.Errorf("the vendor's list: %+v", se)
	}
	own, err := ownClient(t, url).ListVifPeerDetections(context.Background(), dcaas.DetectionListOptions{VifPeerID: peerID})
	if err != nil || len(own) != 1 || own[0].ID != *d.Id {
		t.Errorf("the provider's list: %+v, %v", own, err)
	}

	if _, err := c.DeleteVifPeerDetection(&model.DeleteVifPeerDetectionRequest{VifPeerId: *d.Id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.ShowVifPeerDetection(&model.ShowVifPeerDetectionRequest{VifPeerId: *d.Id})
	if se := serviceError(t, err); (se.StatusCode != 404 && se.StatusCode != 400) || se.ErrorCode != "DC.0002" {
		t.Errorf("deleted detection: %+v", se)
	}
}

func TestVendorClientSwitchover(t *testing.T) {
	_, _, c := vendorClient(t)
	vif := createVendorInterface(t, c, "s", "dc-s", "vgw-s")
	start := func(op model.CreateSwitchoverTestOperation) (*model.SwitchoverTestResponse, error) {
		return c.SwitchoverTest(&model.SwitchoverTestRequest{Body: &model.CreateSwitchoverTestRequestBody{
			SwitchoverTestRecord: &model.CreateSwitchoverTest{ResourceId: *vif.Id,
				ResourceType: ptr(model.GetCreateSwitchoverTestResourceTypeEnum().VIRTUAL_INTERFACE), Operation: op},
		}})
	}
	ops := model.GetCreateSwitchoverTestOperationEnum()
	started, err := start(ops.SHUTDOWN)
	if err != nil {
		t.Fatal(err)
	}
	if r := started.SwitchoverTestRecord; r.OperateStatus.Value() != "STARTING" || r.Operation.Value() != "shutdown" || r.StartTime == nil {
		t.Fatalf("started %+v", r)
	}
	records, err := c.ListSwitchoverTestRecords(&model.ListSwitchoverTestRecordsRequest{ResourceId: &[]string{*vif.Id}, Limit: ptr(int32(10))})
	if err != nil {
		t.Fatal(err)
	}
	if rs := *records.SwitchoverTestRecords; len(rs) != 1 || rs[0].OperateStatus.Value() != "COMPLETE" || rs[0].EndTime == nil {
		t.Fatalf("records %+v", rs)
	}
	shown, err := c.ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id})
	if err != nil {
		t.Fatal(err)
	}
	if *shown.VirtualInterface.Status != "DOWN" || *(*shown.VirtualInterface.VifPeers)[0].Status != "DOWN" {
		t.Errorf("shut down: interface %s, peer %s", *shown.VirtualInterface.Status, *(*shown.VirtualInterface.VifPeers)[0].Status)
	}

	_, err = start(ops.SHUTDOWN)
	if se := serviceError(t, err); se.StatusCode != 400 || se.ErrorCode != "DC.0001" || !strings.Contains(se.ErrorMessage, "already shut down") {
		t.Errorf("second shutdown: %+v", se)
	}
	if _, err := start(ops.UNDO_SHUTDOWN); err != nil {
		t.Fatal(err)
	}
}

// Every error body the vendor's client parses: its error_code, error_msg
// and the X-Request-Id header come through.
func TestVendorClientErrorBodies(t *testing.T) {
	m, url, c := vendorClient(t)
	vif := createVendorInterface(t, c, "e", "dc-e", "vgw-e")
	v4 := *(*vif.VifPeers)[0].Id
	createPeer := func(p model.CreateVifPeer) error {
		p.VifId = ptr(*vif.Id)
		if p.Name == nil {
			p.Name = ptr("p")
		}
		_, err := c.CreateVifPeer(&model.CreateVifPeerRequest{Body: &model.CreateVifPeerRequestBody{VifPeer: &p}})
		return err
	}
	v6 := model.CreateVifPeer{AddressFamily: ptr("ipv6"), LocalGatewayIp: ptr("fd00::1/64"), RemoteGatewayIp: ptr("fd00::2/64")}
	bgp := model.GetCreateVifPeerRouteModeEnum().BGP
	unknownVif := "0b1b2c3d-0000-4000-8000-000000000000"
	for _, tc := range []struct {
		name   string
		call   func() error
		status []int
		code   string
	}{
		{"family taken", func() error {
			return createPeer(model.CreateVifPeer{AddressFamily: ptr("ipv4"), LocalGatewayIp: ptr("10.0.0.1/30"), RemoteGatewayIp: ptr("10.0.0.2/30")})
		}, []int{400}, "DC.1301"},
		{"name too long", func() error { v := v6; v.Name = ptr(strings.Repeat("n", 65)); return createPeer(v) }, []int{400}, "DC.0001"},
		{"gateways in two subnets", func() error { v := v6; v.RemoteGatewayIp = ptr("fd01::2/64"); return createPeer(v) }, []int{400}, "DC.0004"},
		{"bgp without an ASN", func() error { v := v6; v.RouteMode = &bgp; return createPeer(v) }, []int{400}, "DC.1203"},
		{"ASN 0", func() error { v := v6; v.RouteMode = &bgp; v.BgpAsn = ptr(int32(0)); return createPeer(v) }, []int{400}, "DC.0008"},
		{"last peer", func() error { _, err := c.DeleteVifPeer(&model.DeleteVifPeerRequest{VifPeerId: v4}); return err }, []int{400}, "DC.1302"},
		{"unknown interface", func() error {
			_, err := c.ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: unknownVif})
			return err
		}, []int{404, 400}, ""},
		{"switchover of an unknown interface", func() error {
			_, err := c.SwitchoverTest(&model.SwitchoverTestRequest{Body: &model.CreateSwitchoverTestRequestBody{SwitchoverTestRecord: &model.CreateSwitchoverTest{
				ResourceId: unknownVif, Operation: model.GetCreateSwitchoverTestOperationEnum().SHUTDOWN}}})
			return err
		}, []int{404, 400}, "DC.1211"},
	} {
		se := serviceError(t, tc.call())
		okStatus := false
		for _, s := range tc.status {
			okStatus = okStatus || se.StatusCode == s
		}
		if !okStatus || (tc.code != "" && se.ErrorCode != tc.code) || !strings.HasPrefix(se.ErrorCode, "DC.") || se.ErrorMessage == "" || se.RequestId == "" {
			t.Errorf("%s: %+v, want HTTP %v %s", tc.name, se, tc.status, tc.code)
		}
	}

	// Busy: a peer being updated.
	if err := createPeer(v6); err != nil {
		t.Fatal(err)
	}
	m.SetPendingDelay(3600e9)
	if _, err := c.UpdateVifPeer(&model.UpdateVifPeerRequest{VifPeerId: v4, Body: &model.UpdateVifPeerRequestBody{VifPeer: &model.UpdateVifPeer{Name: ptr("x")}}}); err != nil {
		t.Fatal(err)
	}
	_, err := c.DeleteVifPeer(&model.DeleteVifPeerRequest{VifPeerId: v4})
	if se := serviceError(t, err); (se.StatusCode != 409 && se.StatusCode != 400) || se.ErrorCode != "DC.1303" {
		t.Errorf("busy: %+v", se)
	}

	// Throttled: the vendor's client does not retry by default, and reads
	// the answer.
	m.InjectFault(mockserver.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, Every: 1, Limit: 1})
	_, err = c.ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id})
	if se := serviceError(t, err); se.StatusCode != 429 || se.ErrorCode != "DC.0003" {
		t.Errorf("throttled: %+v", se)
	}

	// The gateway's refusals: a wrong secret, and a method the contract
	// does not name on a path it names (the vendor's client keeps only the
	// scheme and host of its endpoint, so a wrong base path cannot be
	// tried with it).
	_, err = newVendorClient(t, url, "wrong-secret").ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id})
	if se := serviceError(t, err); se.StatusCode != 401 || se.ErrorCode != "APIGW.0301" || !strings.Contains(se.ErrorMessage, "verify aksk signature fail") {
		t.Errorf("wrong secret: %+v", se)
	}
	_, err = c.DeleteVirtualInterface(&model.DeleteVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id})
	if se := serviceError(t, err); se.StatusCode != 404 || se.ErrorCode != "APIGW.0101" || se.ErrorMessage == "" {
		t.Errorf("a method the contract does not name: %+v", se)
	}

	// A correctly signed request for another project.
	m.AddAccessKey("OTHERPROJECTKEY00000", sk, "another-project")
	cred, err := basic.NewCredentialsBuilder().WithAk("OTHERPROJECTKEY00000").WithSk(sk).WithProjectId(project).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := dc.DcClientBuilder().WithEndpoints([]string{url}).WithCredential(cred).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	_, err = dc.NewDcClient(hc).ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id})
	if se := serviceError(t, err); se.StatusCode != 403 || se.ErrorCode != "DC.0001" {
		t.Errorf("another project: %+v", se)
	}
}

// What the contract allows and the vendor's models cannot hold: bgp_asn
// above 2147483647 (the vendor's is an int32) fails the whole read, and
// remote_ep_group joined in one string stays one entry. The provider's
// client reads both.
func TestVendorClientLimits(t *testing.T) {
	m, url, c := vendorClient(t)
	vif := createVendorInterface(t, c, "l", "dc-l", "vgw-l")
	own := ownClient(t, url)
	ctx := context.Background()
	asn := uint32(4200000000)
	peer, err := own.CreateVifPeer(ctx, dcaas.CreateVifPeerRequest{Name: "big-asn", AddressFamily: "ipv6",
		LocalGatewayIP: "fd00::1/64", RemoteGatewayIP: "fd00::2/64", RouteMode: dcaas.RouteModeBGP, BGPASN: &asn,
		RemoteEPGroup: []string{"fd00:1::/48", "fd00:2::/48"}, VifID: *vif.Id})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := c.ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id}); err == nil {
		t.Error("the vendor's client read bgp_asn 4200000000 into its int32; if it now can, say so in the contract")
	}
	read, err := own.VifPeer(ctx, *vif.Id, peer.ID, dcaas.Fresh)
	if err != nil || read.BGPASN == nil || *read.BGPASN != asn {
		t.Errorf("the provider's client: %+v, %v", read, err)
	}

	if err := own.DeleteVifPeer(ctx, *vif.Id, peer.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := own.WaitVifPeerDeleted(ctx, *vif.Id, peer.ID); err != nil {
		t.Fatal(err)
	}
	v4 := (*vif.VifPeers)[0]
	if err := m.SetRemoteEPGroup(*v4.Id, []string{"10.0.0.0/24", "10.1.0.0/24"}); err != nil {
		t.Fatal(err)
	}
	m.SetJoinEPGroups(true)
	shown, err := c.ShowVirtualInterface(&model.ShowVirtualInterfaceRequest{VirtualInterfaceId: *vif.Id})
	if err != nil {
		t.Fatal(err)
	}
	if got := *(*shown.VirtualInterface.VifPeers)[0].RemoteEpGroup; len(got) != 1 || got[0] != "10.0.0.0/24 10.1.0.0/24" {
		t.Errorf("the vendor's client split the joined subnets: %q", got)
	}
	read, err = own.VifPeer(ctx, *vif.Id, *v4.Id, dcaas.Fresh)
	if err != nil || strings.Join(read.RemoteEPGroup, ",") != "10.0.0.0/24,10.1.0.0/24" {
		t.Errorf("the provider's client: %+v, %v", read, err)
	}
}
