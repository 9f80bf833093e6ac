terraform {
  required_providers {
    dcaas = {
      source = "dcaas-labs/dcaas"
    }
  }
}

provider "dcaas" {
  endpoint   = "https://dcaas.example.com"
  project_id = "4bd6efdb0fb747b39aa2c0162c112226"
  auth_token = var.dcaas_auth_token

  # Optional settings, shown with their defaults:
  # request_timeout = "60s"
  # max_retries     = 6
  # insecure        = false
  # ca_cert_file    = "/etc/ssl/private-ca.pem"
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
