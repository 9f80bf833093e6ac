# peers.tfquery.hcl, beside a configuration that configures the provider.

# Every peer of the project, the service's default IPv4 peers included.
list "dcaas_vif_peer" "all" {
  provider = dcaas
  limit    = 1000
}

# The BGP peers of two interfaces whose names start with "dc1-".
list "dcaas_vif_peer" "dc1_bgp" {
  provider = dcaas

  config {
    vif_ids    = ["86f9556a-fa68-42b7-93c2-dd407408430b", "0f3c8e0a-6d57-4a3e-9d0c-5c1f2b7e9a41"]
    route_mode = "bgp"
    name_regex = "^dc1-"
  }
}
