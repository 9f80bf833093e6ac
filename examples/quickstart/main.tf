# The vendor's two example peers: the IPv4 and the IPv6 side of one virtual
# interface, with static routing. `make demo` applies this against the mock.

terraform {
  required_providers {
    dcaas = {
      source = "dcaas-labs/dcaas"
    }
  }
}

# Configured by DCAAS_ENDPOINT and DCAAS_PROJECT_ID, with DCAAS_AUTH_TOKEN or
# DCAAS_IAM_ENDPOINT, DCAAS_USERNAME, DCAAS_PASSWORD and DCAAS_DOMAIN_NAME.
provider "dcaas" {}

variable "vif_id" {
  description = "ID of the virtual interface that gets the two peers."
  type        = string
  default     = "86f9556a-fa68-42b7-93c2-dd407408430b"
}

resource "dcaas_vif_peer" "ipv4" {
  vif_id            = var.vif_id
  name              = "vif-peer-test"
  description       = ""
  address_family    = "ipv4"
  route_mode        = "static"
  local_gateway_ip  = "5.5.5.1/30"
  remote_gateway_ip = "5.5.5.2/30"
  remote_ep_group   = ["8.8.8.0/30"]
}

resource "dcaas_vif_peer" "ipv6" {
  vif_id            = var.vif_id
  name              = "vif-peer-test"
  description       = ""
  address_family    = "ipv6"
  route_mode        = "static"
  local_gateway_ip  = "FD00::1/64"
  remote_gateway_ip = "FD00::2/64"
  remote_ep_group   = []
}

output "ipv4_peer" {
  value = {
    id     = dcaas_vif_peer.ipv4.id
    status = dcaas_vif_peer.ipv4.status
  }
}

output "ipv6_peer" {
  value = {
    id     = dcaas_vif_peer.ipv6.id
    status = dcaas_vif_peer.ipv6.status
  }
}
