// Package vifpeer is the dcaas_vif_peer object of the provider: its
// resource, its list resource, the dcaas_vif_peer and dcaas_vif_peers data
// sources and the dcaas_vif_peer ephemeral resource, with the diagnostics
// that speak of peers.
package vifpeer
