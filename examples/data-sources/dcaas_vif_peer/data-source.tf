# The service creates an IPv4 peer with every virtual interface. Read it
# without managing it, and hand its gateway addresses to the resources that
# configure the on-premises router (a terraform_data here).
variable "vif_id" {
  description = "ID of the virtual interface whose IPv4 peer to read."
  type        = string
}

data "dcaas_vif_peer" "service_ipv4" {
  vif_id         = var.vif_id
  address_family = "IPv4"
}

resource "terraform_data" "router_config" {
  input = {
    peer_id        = data.dcaas_vif_peer.service_ipv4.id
    cloud_gateway  = data.dcaas_vif_peer.service_ipv4.local_gateway_ip
    router_address = data.dcaas_vif_peer.service_ipv4.remote_gateway_ip
    routed_subnets = data.dcaas_vif_peer.service_ipv4.remote_ep_group
  }
}

# A peer whose id is known, such as one made in the console, is found on
# whichever virtual interface of the project holds it:
#
# data "dcaas_vif_peer" "console" {
#   id = "ba604c46-8cdd-40c6-8969-ccf6159bb02b"
# }
