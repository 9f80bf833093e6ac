# Read the connectivity detections of a peer's line, and warn in every
# plan and apply when the last one lost packets.
variable "vif_id" {
  description = "ID of the virtual interface whose IPv4 peer to check."
  type        = string
}

# The IPv4 peer the service creates with every virtual interface.
data "dcaas_vif_peer" "service_ipv4" {
  vif_id         = var.vif_id
  address_family = "ipv4"
}

# A warning, not an error: the plan and the apply go on. The data source
# inside the check is read on every run, and its own failures (the API
# unreachable) are warnings too.
check "line_passes_traffic" {
  data "dcaas_vif_peer_detections" "line" {
    vif_peer_id = data.dcaas_vif_peer.service_ipv4.id
  }

  assert {
    # latest_loss_ratio is null for a line never measured: no warning.
    condition     = coalesce(data.dcaas_vif_peer_detections.line.latest_loss_ratio, 0) == 0
    error_message = "The last connectivity detection of peer ${data.dcaas_vif_peer.service_ipv4.id} lost packets."
  }
}

# The five newest detections, with the loss each measured (null for one
# still processing or ended in error).
data "dcaas_vif_peer_detections" "recent" {
  vif_peer_id = data.dcaas_vif_peer.service_ipv4.id
  limit       = 5
}

output "recent_losses" {
  value = {
    for d in data.dcaas_vif_peer_detections.recent.detections : d.start_time => {
      status     = d.status
      loss_ratio = d.loss_ratio
    }
  }
}
