# Read the disaster-recovery drills (switchover tests) of a line, and warn
# when one left the interface shut down.
variable "vif_id" {
  description = "ID of the virtual interface whose drills to read."
  type        = string
}

data "dcaas_switchover_test_records" "line" {
  vif_id = var.vif_id
}

# The ten newest drills of every interface of the project.
data "dcaas_switchover_test_records" "project" {
  limit = 10
}

locals {
  # Operations that took effect on the line, newest first.
  completed_operations = [
    for r in data.dcaas_switchover_test_records.line.records : r.operation
    if r.operate_status == "COMPLETE"
  ]
}

check "line_not_left_shut_down" {
  assert {
    condition     = try(local.completed_operations[0], "none") != "shutdown"
    error_message = "Virtual interface ${var.vif_id} is still shut down by a switchover test: undo the shutdown to bring it back."
  }
}

output "last_drill" {
  value = try(data.dcaas_switchover_test_records.line.records[0], null)
}

output "project_drills" {
  value = [
    for r in data.dcaas_switchover_test_records.project.records :
    "${r.start_time} ${r.resource_id} ${r.operation} ${r.operate_status}"
  ]
}
