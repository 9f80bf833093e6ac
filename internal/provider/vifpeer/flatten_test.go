package vifpeer

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/customtypes"
	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

func prefixList(items ...string) customtypes.IPPrefixList {
	return customtypes.NewIPPrefixListValue(items)
}

// The model takes the API's spelling; the schema's types decide what is
// equal to the configuration (see internal/customtypes).
func TestFlattenVifPeer(t *testing.T) {
	asn := uint32(4294967295)
	md5 := "k"
	peer := &dcaas.VifPeer{
		ID: "p1", VifID: "v1", TenantID: "t", Name: "n", AddressFamily: "ipv6",
		LocalGatewayIP: "FD00:0:0:0:0:0:0:1/64", RemoteGatewayIP: "fd00::2/64", RouteMode: "bgp",
		BGPASN: &asn, BGPMD5: &md5, RemoteEPGroup: []string{"fd00:2::/64", "fd00:1::/64"}, Status: "ACTIVE",
		ReceiveRouteNum: 3, BGPRouteLimit: 256,
	}
	model := vifPeerResourceModel{BGPMD5WOVersion: types.Int64Null()}
	if diags := flattenVifPeerResource(peer, &model); diags.HasError() {
		t.Fatal(diags)
	}
	checks := map[string][2]string{
		"address_family":                {model.AddressFamily.ValueString(), "ipv6"},
		"local gateway as the API has":  {model.LocalGatewayIP.ValueString(), "FD00:0:0:0:0:0:0:1/64"},
		"remote gateway as the API has": {model.RemoteGatewayIP.ValueString(), "fd00::2/64"},
		"id":                            {model.ID.ValueString(), "p1"},
		"bgp_md5 as the API returns it": {model.BGPMD5.ValueString(), "k"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s: got %q, want %q", name, c[0], c[1])
		}
	}
	if want := prefixList("fd00:2::/64", "fd00:1::/64"); !model.RemoteEPGroup.Equal(want) {
		t.Errorf("remote_ep_group %v, want %v", model.RemoteEPGroup, want)
	}
	if model.BGPASN.ValueInt64() != 4294967295 {
		t.Errorf("bgp_asn %v", model.BGPASN)
	}
	if model.ServiceEPGroup.IsNull() || len(model.ServiceEPGroup.Elements()) != 0 {
		t.Errorf("service_ep_group %v, want an empty set", model.ServiceEPGroup)
	}
	if !model.BGPStatus.IsNull() {
		t.Errorf("bgp_status %v, want null", model.BGPStatus)
	}
}

// null and [] from the API both read as an empty list, never null, as the
// schema's default is.
func TestFlattenVifPeerEmptySubnets(t *testing.T) {
	for name, fromAPI := range map[string][]string{"null": nil, "[]": {}} {
		model := vifPeerResourceModel{BGPMD5WOVersion: types.Int64Null()}
		peer := &dcaas.VifPeer{ID: "p", AddressFamily: "ipv4", RemoteEPGroup: fromAPI}
		if diags := flattenVifPeerResource(peer, &model); diags.HasError() {
			t.Fatal(diags)
		}
		if !model.RemoteEPGroup.Equal(prefixList()) {
			t.Errorf("%s from the API: remote_ep_group %v, want an empty list", name, model.RemoteEPGroup)
		}
	}
}

// The resource and the data sources show a peer alike, through one
// flattener: the API's order carries no meaning and an entry it repeats is
// one entry, and a peer the API names no route mode for is static, as the
// API takes a create without one. remote_ep_group is the data sources' set
// and the resource's list in the API's order, which means the same set.
func TestFlattenVifPeerAlikeInEveryView(t *testing.T) {
	ctx := context.Background()
	wantService, diags := types.SetValueFrom(ctx, types.StringType, []string{"203.0.113.0/24", "198.51.100.7"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	wantRemoteSet, diags := types.SetValueFrom(ctx, types.StringType, []string{"10.0.0.0/24", "10.1.0.0/24"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	for _, fromAPI := range []struct {
		service, remote []string
		wantRemoteList  customtypes.IPPrefixList
	}{
		{[]string{"203.0.113.0/24", "198.51.100.7"}, []string{"10.0.0.0/24", "10.1.0.0/24"}, prefixList("10.0.0.0/24", "10.1.0.0/24")},
		{[]string{"198.51.100.7", "203.0.113.0/24", "198.51.100.7"}, []string{"10.1.0.0/24", "10.0.0.0/24", "10.1.0.0/24"}, prefixList("10.1.0.0/24", "10.0.0.0/24")},
	} {
		peer := &dcaas.VifPeer{ID: "p", AddressFamily: "ipv4", ServiceEPGroup: fromAPI.service, RemoteEPGroup: fromAPI.remote}
		model := vifPeerResourceModel{BGPMD5WOVersion: types.Int64Null()}
		if diags := flattenVifPeerResource(peer, &model); diags.HasError() {
			t.Fatal(diags)
		}
		data, diags := flattenVifPeerData(peer)
		if diags.HasError() {
			t.Fatal(diags)
		}
		if !model.RemoteEPGroup.Equal(fromAPI.wantRemoteList) || !data.RemoteEPGroup.Equal(wantRemoteSet) {
			t.Errorf("from the API %+v: remote_ep_group %v (resource), %v (data source); want %v and %v",
				fromAPI.remote, model.RemoteEPGroup, data.RemoteEPGroup, fromAPI.wantRemoteList, wantRemoteSet)
		}
		for view, m := range map[string]vifPeerModel{"resource": model.vifPeerModel, "data source": data.vifPeerModel} {
			if !m.ServiceEPGroup.Equal(wantService) {
				t.Errorf("%s, from the API %+v: service_ep_group %v, want %v", view, fromAPI, m.ServiceEPGroup, wantService)
			}
			if m.RouteMode.ValueString() != dcaas.RouteModeStatic {
				t.Errorf("%s: route_mode %v for a peer the API names no route mode for, want static", view, m.RouteMode)
			}
		}
	}
}

// With a write-only key, the API's echo of it stays out of the model.
func TestFlattenVifPeerWriteOnlyKeepsKeyOut(t *testing.T) {
	md5 := "k"
	model := vifPeerResourceModel{BGPMD5WOVersion: types.Int64Value(1), BGPMD5: types.StringNull()}
	if diags := flattenVifPeerResource(&dcaas.VifPeer{ID: "p", BGPMD5: &md5}, &model); diags.HasError() {
		t.Fatal(diags)
	}
	if !model.BGPMD5.IsNull() {
		t.Errorf("bgp_md5 %v, want null", model.BGPMD5)
	}
}

func TestExpandCreateRequest(t *testing.T) {
	model := vifPeerResourceModel{
		vifPeerModel: vifPeerModel{
			VifID: types.StringValue("v"), Name: types.StringValue("n"), Description: types.StringValue(""),
			AddressFamily: customtypes.NewCaseInsensitiveStringValue("IPv4"), LocalGatewayIP: customtypes.NewIPPrefixValue("5.5.5.1/30"),
			RemoteGatewayIP: customtypes.NewIPPrefixValue("5.5.5.2/30"), RouteMode: types.StringValue("bgp"),
			BGPASN: customtypes.NewASNValue(4294967295),
		},
		RemoteEPGroup: prefixList(), BGPMD5: types.StringNull(), BGPMD5WOVersion: types.Int64Null(),
	}
	req, diags := expandCreateRequest(context.Background(), model, types.StringNull())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if req.AddressFamily != "ipv4" || req.BGPASN == nil || *req.BGPASN != 4294967295 || req.BGPMD5 != nil ||
		req.RemoteEPGroup == nil || len(req.RemoteEPGroup) != 0 {
		t.Errorf("%+v", req)
	}
}

func TestExpandUpdateRequestSendsOnlyChanges(t *testing.T) {
	ctx := context.Background()
	state := vifPeerResourceModel{
		vifPeerModel:  vifPeerModel{Name: types.StringValue("a"), Description: types.StringValue("d")},
		RemoteEPGroup: prefixList("10.0.0.0/8", "10.1.0.0/16"),
	}

	plan := state
	if _, changed, _ := expandUpdateRequest(ctx, plan, state); changed {
		t.Error("no change reported as a change")
	}

	plan.Name = types.StringValue("b")
	req, changed, _ := expandUpdateRequest(ctx, plan, state)
	if !changed || req.Name == nil || *req.Name != "b" || req.Description != nil || req.RemoteEPGroup != nil {
		t.Errorf("name change: %+v", req)
	}

	plan = state
	plan.RemoteEPGroup = prefixList()
	req, changed, _ = expandUpdateRequest(ctx, plan, state)
	if !changed || req.RemoteEPGroup == nil || len(*req.RemoteEPGroup) != 0 || req.Name != nil {
		t.Errorf("subnets removed: %+v", req)
	}

	plan = state
	plan.RemoteEPGroup = prefixList("10.1.0.0/16", "10.0.0.0/8")
	if req, changed, _ = expandUpdateRequest(ctx, plan, state); changed {
		t.Errorf("same subnets in another order sent as a change: %+v", req)
	}

	plan = state
	plan.RemoteEPGroup = prefixList("10.1.0.0/16", "10.0.0.0/9")
	if req, changed, _ = expandUpdateRequest(ctx, plan, state); !changed || req.RemoteEPGroup == nil || len(*req.RemoteEPGroup) != 2 {
		t.Errorf("a subnet changed: %+v", req)
	}
}
