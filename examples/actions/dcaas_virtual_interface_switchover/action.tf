# A disaster-recovery drill of two redundant lines, dc1 (the primary) and dc2:
#   terraform apply -invoke=action.dcaas_virtual_interface_switchover.dc1_shutdown
#   terraform apply -invoke=action.dcaas_vif_peer_detection.dc2
#   terraform apply -invoke=action.dcaas_virtual_interface_switchover.dc1_undo
action "dcaas_virtual_interface_switchover" "dc1_shutdown" {
  config {
    vif_id    = dcaas_vif_peer.dc1.vif_id
    operation = "shutdown"
  }
}

action "dcaas_vif_peer_detection" "dc2" {
  config {
    vif_peer_id = dcaas_vif_peer.dc2.id
  }
}

action "dcaas_virtual_interface_switchover" "dc1_undo" {
  config {
    vif_id    = dcaas_vif_peer.dc1.vif_id
    operation = "undo_shutdown"
    timeout   = "15m"
  }
}

resource "dcaas_vif_peer" "dc1" {
  vif_id            = "86f9556a-fa68-42b7-93c2-dd407408430b"
  name              = "dc1-bgp"
  address_family    = "ipv4"
  route_mode        = "bgp"
  bgp_asn           = 64512
  local_gateway_ip  = "169.254.10.1/30"
  remote_gateway_ip = "169.254.10.2/30"
  remote_ep_group   = ["10.10.0.0/16"]
}

resource "dcaas_vif_peer" "dc2" {
  vif_id            = "0b6bb5d8-3f4e-4c4e-9a55-3a5a8f1f2c10"
  name              = "dc2-bgp"
  address_family    = "ipv4"
  route_mode        = "bgp"
  bgp_asn           = 64512
  local_gateway_ip  = "169.254.20.1/30"
  remote_gateway_ip = "169.254.20.2/30"
  remote_ep_group   = ["10.10.0.0/16"]
}
