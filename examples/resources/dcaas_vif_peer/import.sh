# A peer is imported by "<vif_id>/<peer_id>", which reads one virtual interface:
terraform import dcaas_vif_peer.ipv4_static 86f9556a-fa68-42b7-93c2-dd407408430b/ba604c46-8cdd-40c6-8969-ccf6159bb02b

# or by the peer id alone, which searches every virtual interface of the project:
terraform import dcaas_vif_peer.ipv4_static ba604c46-8cdd-40c6-8969-ccf6159bb02b
