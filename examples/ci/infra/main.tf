# The configuration the CI recipes check for drift: what your apply pipeline applies, with its
# state in PostgreSQL so that the nightly drift job reads the same state (PG_CONN_STR gives the
# database; `fgform init` and `terraform init` both accept this block).
terraform {
  required_providers {
    functiongraph = {
      source  = "fgform/functiongraph"
      version = "~> 0.1"
    }
  }
  backend "pg" {}
}

# Leave unset for Huawei Cloud. tests/e2e/ci_recipes_test.sh points it at fgform-emulator
# (TF_VAR_endpoint).
variable "endpoint" {
  type        = string
  default     = null
  description = "Endpoint of every service, for tests against fgform-emulator."
}

provider "functiongraph" {
  endpoints {
    functiongraph = var.endpoint
    iam           = var.endpoint
    vpc           = var.endpoint
  }
}

resource "functiongraph_function" "orders" {
  name        = "orders"
  runtime     = "Python3.9"
  memory_size = 256
  timeout     = 30
  description = "Order intake"
  inline_code = "def handler(event, context):\n    return {'statusCode': 200}\n"
  tags = {
    team = "commerce"
  }
}

resource "functiongraph_version" "v1" {
  function_urn = functiongraph_function.orders.urn
  version      = "v1"
  description  = "first release"
}

resource "functiongraph_alias" "live" {
  function_urn = functiongraph_function.orders.urn
  name         = "live"
  version      = functiongraph_version.v1.version
  description  = "production traffic"
}
