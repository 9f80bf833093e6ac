# IPv4 peer with static routing: the on-premises subnets are listed in
# remote_ep_group.
resource "dcaas_vif_peer" "ipv4_static" {
  vif_id            = "86f9556a-fa68-42b7-93c2-dd407408430b"
  name              = "dc1-ipv4"
  description       = "Primary line to data centre 1"
  address_family    = "ipv4"
  route_mode        = "static"
  local_gateway_ip  = "5.5.5.1/30"
  remote_gateway_ip = "5.5.5.2/30"
  remote_ep_group   = ["10.10.0.0/16", "10.20.0.0/16"]
}

# IPv6 peer on the same virtual interface: one peer per address family.
resource "dcaas_vif_peer" "ipv6_static" {
  vif_id            = "86f9556a-fa68-42b7-93c2-dd407408430b"
  name              = "dc1-ipv6"
  address_family    = "ipv6"
  local_gateway_ip  = "fd00::1/64"
  remote_gateway_ip = "fd00::2/64"
  remote_ep_group   = ["fd00:10::/48"]
}

# BGP peer: the on-premises router announces its routes; the MD5 key comes
# from a sensitive variable and never shows in plans or logs.
variable "bgp_md5_key" {
  description = "MD5 password of the BGP session."
  type        = string
  sensitive   = true
}

resource "dcaas_vif_peer" "ipv4_bgp" {
  vif_id            = "0b6bb5d8-3f4e-4c4e-9a55-3a5a8f1f2c10"
  name              = "dc2-bgp"
  address_family    = "ipv4"
  route_mode        = "bgp"
  bgp_asn           = 64512
  bgp_md5           = var.bgp_md5_key
  local_gateway_ip  = "169.254.20.1/30"
  remote_gateway_ip = "169.254.20.2/30"

  timeouts = {
    create = "20m"
  }
}
