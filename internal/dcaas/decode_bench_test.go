package dcaas

import (
	"encoding/json"
	"fmt"
	"testing"
)

// interfaceListPage is a list answer of n interfaces with an IPv4 and an
// IPv6 peer each, spelled as the API spells them.
func interfaceListPage(n int) []byte {
	vifs := make([]map[string]any, n)
	for i := range vifs {
		id := fmt.Sprintf("%08x-fa68-42b7-93c2-dd407408430b", i)
		peer := func(family, local, remote string) map[string]any {
			return map[string]any{
				"id": fmt.Sprintf("%08x-8cdd-40c6-8969-cc%s", i, family), "tenant_id": "4bd6efdb0fb747b39aa2c0162c112226",
				"name": "peer", "description": "", "address_family": family, "local_gateway_ip": local,
				"remote_gateway_ip": remote, "route_mode": "bgp", "bgp_asn": 4200000000, "bgp_md5": "key",
				"remote_ep_group": []string{"10.0.0.0/24 10.1.0.0/24"}, "service_ep_group": nil,
				"device_id": "26.151.63.100", "bgp_route_limit": 256, "bgp_status": "Established",
				"status": "ACTIVE", "vif_id": id, "receive_route_num": 0, "enable_bfd": false, "enable_nqa": false,
				"enable_gre": nil, "gre_status": nil, "local_gre_tunnel_ip": nil, "remote_gre_tunnel_ip": nil,
				"created_at": "2024-01-01T00:00:00Z",
			}
		}
		vifs[i] = map[string]any{
			"id": id, "name": "vif", "status": "ACTIVE", "tenant_id": "4bd6efdb0fb747b39aa2c0162c112226",
			"direct_connect_id": "dc", "vgw_id": "vgw", "bandwidth": 100, "vlan": 100,
			"vif_peers": []any{peer("ipv4", "5.5.5.1/30", "5.5.5.2/30"), peer("ipv6", "fd00::1/64", "fd00::2/64")},
		}
	}
	data, err := json.Marshal(map[string]any{
		"virtual_interfaces": vifs, "page_info": map[string]any{"current_count": n}, "request_id": "r",
	})
	if err != nil {
		panic(err)
	}
	return data
}

// BenchmarkDecodeInterfaceList decodes a full page of the list call: 2,000
// interfaces, 4,000 peers.
func BenchmarkDecodeInterfaceList(b *testing.B) {
	data := interfaceListPage(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var page virtualInterfaceList
		if err := json.Unmarshal(data, &page); err != nil {
			b.Fatal(err)
		}
		for i := range page.VirtualInterfaces {
			page.VirtualInterfaces[i].completePeers(page.RequestID)
		}
		if len(page.VirtualInterfaces) != 2000 || len(page.VirtualInterfaces[1999].VifPeers[0].RemoteEPGroup) != 2 {
			b.Fatalf("decoded %d interfaces", len(page.VirtualInterfaces))
		}
	}
}
