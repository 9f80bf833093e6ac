# Terraform 1.5, OpenTofu 1.6 and later: an import block, which `terraform plan
# -generate-config-out=generated.tf` can also write the resource block for.
import {
  to = dcaas_vif_peer.ipv4_static
  id = "86f9556a-fa68-42b7-93c2-dd407408430b/ba604c46-8cdd-40c6-8969-ccf6159bb02b"
}
