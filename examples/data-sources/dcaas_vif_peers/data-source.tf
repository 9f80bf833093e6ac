# Audit the peers of the project, whoever created them. No MD5 key goes
# into the state: each peer says only whether it has one (bgp_md5_set).

# Every peer of every virtual interface.
data "dcaas_vif_peers" "all" {}

# IPv6 peers named "dc1-..." whose line or session is DOWN.
data "dcaas_vif_peers" "dc1_ipv6_down" {
  address_family = "ipv6"
  status         = "DOWN"
  name_regex     = "^dc1-"
}

output "peer_ids" {
  value = data.dcaas_vif_peers.all.ids
}

# Gateway addresses of each peer, for monitoring or firewall rules.
output "gateways" {
  value = {
    for peer in data.dcaas_vif_peers.all.peers : peer.id => {
      name           = peer.name
      vif_id         = peer.vif_id
      cloud_gateway  = peer.local_gateway_ip
      router_address = peer.remote_gateway_ip
    }
  }
}

# BGP peers whose session has no MD5 key.
output "bgp_without_key" {
  value = [
    for peer in data.dcaas_vif_peers.all.peers : peer.id
    if peer.route_mode == "bgp" && !peer.bgp_md5_set
  ]
}

output "dc1_ipv6_down" {
  value = data.dcaas_vif_peers.dc1_ipv6_down.ids
}
