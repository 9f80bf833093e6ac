terraform {
  required_providers {
    dcaas = {
      source = "dcaas-labs/dcaas"
    }
  }
}

# Access key authentication: every request is signed with the secret key,
# which never leaves this machine. A permanent access key needs no renewing.
provider "dcaas" {
  endpoint   = "https://dcaas.example.com"
  project_id = "4bd6efdb0fb747b39aa2c0162c112226"
  access_key = "HST3WK0PN7XJ2EXAMPLE"
  secret_key = var.dcaas_secret_key

  # With temporary credentials, the security token issued with them:
  # security_token = var.dcaas_security_token

  # Optional settings, shown with their defaults:
  # request_timeout = "60s"
  # max_retries     = 6
  # insecure        = false
  # ca_cert_file    = "/etc/ssl/private-ca.pem"
}

variable "dcaas_secret_key" {
  description = "Secret key of the access key."
  type        = string
  sensitive   = true
}

# Or leave the block empty and set the environment instead, as CI does
# with its secret store:
#
#   export DCAAS_ENDPOINT=https://dcaas.example.com
#   export DCAAS_PROJECT_ID=4bd6efdb0fb747b39aa2c0162c112226
#   export DCAAS_ACCESS_KEY=HST3WK0PN7XJ2EXAMPLE
#   export DCAAS_SECRET_KEY=...
#   export DCAAS_SECURITY_TOKEN=...   # temporary credentials only
#
# provider "dcaas" {}
