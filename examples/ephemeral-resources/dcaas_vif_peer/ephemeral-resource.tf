# A second line to a data centre whose router already has a BGP session,
# with its MD5 key, over a peer made in the console. The new peer takes the
# same key without the key being written anywhere: the ephemeral resource
# reads it for this run only, and the write-only bgp_md5_wo hands it to the
# API. Needs Terraform 1.11 or later, or OpenTofu 1.11 or later.
variable "console_vif_id" {
  description = "ID of the virtual interface whose IPv4 peer, made in the console, has the key."
  type        = string
}

variable "vif_id" {
  description = "ID of the virtual interface of the new line."
  type        = string
}

ephemeral "dcaas_vif_peer" "console_bgp" {
  vif_id         = var.console_vif_id
  address_family = "ipv4"
}

resource "dcaas_vif_peer" "second_line" {
  vif_id            = var.vif_id
  name              = "dc1-second-line"
  address_family    = "ipv6"
  route_mode        = "bgp"
  bgp_asn           = 64512
  local_gateway_ip  = "fd00:20::1/64"
  remote_gateway_ip = "fd00:20::2/64"

  bgp_md5_wo = ephemeral.dcaas_vif_peer.console_bgp.bgp_md5
  # Terraform cannot see a write-only value change: raise the version when
  # the console peer's key changes, to apply the new key (this replaces the
  # peer).
  bgp_md5_wo_version = 1
}

# A peer whose id is known is found on whichever virtual interface of the
# project holds it:
#
# ephemeral "dcaas_vif_peer" "by_id" {
#   id = "ba604c46-8cdd-40c6-8969-ccf6159bb02b"
# }
