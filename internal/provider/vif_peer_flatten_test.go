package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dcaas-labs/terraform-provider-dcaas/internal/dcaas"
)

func stringList(t *testing.T, items ...string) types.List {
	t.Helper()
	l, diags := types.ListValueFrom(context.Background(), types.StringType, items)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return l
}

func TestFlattenCIDRList(t *testing.T) {
	ctx := context.Background()
	empty := stringList(t)
	null := types.ListNull(types.StringType)
	two := stringList(t, "10.0.0.0/24", "10.1.0.0/24")
	cases := map[string]struct {
		prior   types.List
		fromAPI []string
		want    types.List
	}{
		"[] in config, null from API":       {empty, nil, empty},
		"[] in config, [] from API":         {empty, []string{}, empty},
		"unset in config, [] from API":      {null, []string{}, null},
		"unset in config, null from API":    {null, nil, null},
		"same CIDRs in another order":       {two, []string{"10.1.0.0/24", "10.0.0.0/24"}, two},
		"import: nothing known before":      {null, []string{"10.0.0.0/24", "10.1.0.0/24"}, two},
		"drift: a CIDR added out of band":   {stringList(t, "10.0.0.0/24"), []string{"10.0.0.0/24", "10.1.0.0/24"}, two},
		"drift: every CIDR removed":         {two, nil, null},
		"unknown before create, from API":   {types.ListUnknown(types.StringType), []string{"10.0.0.0/24", "10.1.0.0/24"}, two},
		"IPv6 spelled in other case by API": {stringList(t, "FD00:1::/64"), []string{"fd00:1::/64"}, stringList(t, "FD00:1::/64")},
	}
	for name, tc := range cases {
		got, diags := flattenCIDRList(ctx, tc.prior, tc.fromAPI)
		if diags.HasError() {
			t.Fatalf("%s: %v", name, diags)
		}
		if !got.Equal(tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		}
	}
}

func TestFlattenVifPeerKeepsEquivalentSpellings(t *testing.T) {
	asn := uint32(4294967295)
	md5 := "k"
	peer := &dcaas.VifPeer{
		ID: "p1", VifID: "v1", TenantID: "t", Name: "n", AddressFamily: "ipv6",
		LocalGatewayIP: "fd00::1/64", RemoteGatewayIP: "fd00::2/64", RouteMode: "bgp",
		BGPASN: &asn, BGPMD5: &md5, RemoteEPGroup: []string{"fd00:1::/64"}, Status: "ACTIVE",
		ReceiveRouteNum: 3, BGPRouteLimit: 256,
	}
	model := vifPeerResourceModel{
		AddressFamily:   types.StringValue("IPv6"),
		LocalGatewayIP:  types.StringValue("FD00::1/64"),
		RemoteGatewayIP: types.StringValue("fd00::3/64"),
		RemoteEPGroup:   types.ListNull(types.StringType),
	}
	if diags := flattenVifPeer(context.Background(), peer, &model); diags.HasError() {
		t.Fatal(diags)
	}
	checks := map[string][2]string{
		"address_family keeps the configured case": {model.AddressFamily.ValueString(), "IPv6"},
		"local gateway keeps the configured case":  {model.LocalGatewayIP.ValueString(), "FD00::1/64"},
		"a different remote gateway is drift":      {model.RemoteGatewayIP.ValueString(), "fd00::2/64"},
		"id":                                       {model.ID.ValueString(), "p1"},
		"bgp_md5 as the API returns it":            {model.BGPMD5.ValueString(), "k"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s: got %q, want %q", name, c[0], c[1])
		}
	}
	if model.BGPASN.ValueInt64() != 4294967295 {
		t.Errorf("bgp_asn %v", model.BGPASN)
	}
	if model.ServiceEPGroup.IsNull() || len(model.ServiceEPGroup.Elements()) != 0 {
		t.Errorf("service_ep_group %v, want an empty list", model.ServiceEPGroup)
	}
	if !model.BGPStatus.IsNull() {
		t.Errorf("bgp_status %v, want null", model.BGPStatus)
	}
}

func TestExpandCreateRequest(t *testing.T) {
	model := vifPeerResourceModel{
		VifID: types.StringValue("v"), Name: types.StringValue("n"), Description: types.StringValue(""),
		AddressFamily: types.StringValue("IPv4"), LocalGatewayIP: types.StringValue("5.5.5.1/30"),
		RemoteGatewayIP: types.StringValue("5.5.5.2/30"), RouteMode: types.StringValue("bgp"),
		BGPASN: types.Int64Value(4294967295), BGPMD5: types.StringNull(), BGPMD5WOVersion: types.Int64Null(), RemoteEPGroup: types.ListNull(types.StringType),
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
	state := vifPeerResourceModel{Name: types.StringValue("a"), Description: types.StringValue("d"), RemoteEPGroup: stringList(t, "10.0.0.0/8")}

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
	plan.RemoteEPGroup = types.ListNull(types.StringType)
	req, changed, _ = expandUpdateRequest(ctx, plan, state)
	if !changed || req.RemoteEPGroup == nil || len(*req.RemoteEPGroup) != 0 || req.Name != nil {
		t.Errorf("list removal: %+v", req)
	}
}
