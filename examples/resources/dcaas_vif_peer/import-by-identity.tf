# Terraform 1.12, OpenTofu 1.12 and later: an import block naming the peer by
# its identity. Leave vif_id out to have every virtual interface of the
# project searched for the peer.
import {
  to = dcaas_vif_peer.ipv4_static
  identity = {
    vif_id = "86f9556a-fa68-42b7-93c2-dd407408430b"
    id     = "ba604c46-8cdd-40c6-8969-ccf6159bb02b"
  }
}
