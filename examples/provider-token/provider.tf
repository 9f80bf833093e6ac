# Token authentication: a token obtained elsewhere, valid for project_id.
# It is not renewed: a run that outlives it fails with HTTP 401.
provider "dcaas" {
  endpoint   = "https://dcaas.example.com"
  project_id = "4bd6efdb0fb747b39aa2c0162c112226"
  auth_token = var.dcaas_auth_token
}

variable "dcaas_auth_token" {
  description = "API token for DCaaS."
  type        = string
  sensitive   = true
}

# Or leave the block empty and set the environment instead:
#
#   export DCAAS_ENDPOINT=https://dcaas.example.com
#   export DCAAS_PROJECT_ID=4bd6efdb0fb747b39aa2c0162c112226
#   export DCAAS_AUTH_TOKEN=...
#
# provider "dcaas" {}
