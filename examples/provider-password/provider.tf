# Password authentication: the provider obtains a token from IAM, scoped to
# project_id, and renews it before it expires, so a run may outlive any
# one token.
provider "dcaas" {
  endpoint     = "https://dcaas.example.com"
  project_id   = "4bd6efdb0fb747b39aa2c0162c112226"
  iam_endpoint = "https://iam.example.com"
  username     = "ci-deployer"
  password     = var.dcaas_password
  domain_name  = "example-domain"
}

variable "dcaas_password" {
  description = "Password of the IAM user."
  type        = string
  sensitive   = true
}

# Or leave the block empty and set the environment instead, as CI does
# with its secret store:
#
#   export DCAAS_ENDPOINT=https://dcaas.example.com
#   export DCAAS_PROJECT_ID=4bd6efdb0fb747b39aa2c0162c112226
#   export DCAAS_IAM_ENDPOINT=https://iam.example.com
#   export DCAAS_USERNAME=ci-deployer
#   export DCAAS_PASSWORD=...
#   export DCAAS_DOMAIN_NAME=example-domain
#
# provider "dcaas" {}
