resource "dcaas_vif_peer" "dc1" {
  vif_id            = "86f9556a-fa68-42b7-93c2-dd407408430b"
  name              = "dc1-ipv4"
  address_family    = "ipv4"
  route_mode        = "static"
  local_gateway_ip  = "5.5.5.1/30"
  remote_gateway_ip = "5.5.5.2/30"
  remote_ep_group   = ["10.10.0.0/16"]

  # Check the line each time the peer is created or changed: an apply fails
  # when the line does not pass traffic.
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.dcaas_vif_peer_detection.dc1]
    }
  }
}

# Also run on demand:
#   terraform apply -invoke=action.dcaas_vif_peer_detection.dc1
action "dcaas_vif_peer_detection" "dc1" {
  config {
    vif_peer_id    = dcaas_vif_peer.dc1.id
    max_loss_ratio = 1
    timeout        = "3m"
  }
}
