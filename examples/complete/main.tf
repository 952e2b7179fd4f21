# A complete FunctionGraph deployment: an agency FunctionGraph assumes, a VPC and subnet, a
# function inside the VPC with an SFS Turbo mount, a published version, an alias that sends
# 10% of traffic to it, reserved instances for the alias, a timer and an API Gateway trigger,
# and asynchronous-invocation settings.
#
#   terraform apply                      # against Huawei Cloud (HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME)
#   terraform apply -var endpoint=URL    # against fgform-emulator

terraform {
  required_providers {
    functiongraph = {
      source  = "fgform/functiongraph"
      version = "~> 0.1"
    }
  }
}

variable "endpoint" {
  description = "One base URL for every service (fgform-emulator); null for the public cloud."
  type        = string
  default     = null
}

variable "sfs_turbo_id" {
  description = "The SFS Turbo file system to mount."
  type        = string
  default     = "sfs-turbo-0001"
}

provider "functiongraph" {
  endpoints {
    functiongraph = var.endpoint
    iam           = var.endpoint
    vpc           = var.endpoint
  }
}

resource "functiongraph_agency" "fgs" {
  name                   = "fgs-complete-example"
  delegated_service_name = "op_svc_cff"
  description            = "FunctionGraph reaches the VPC and SFS Turbo"
  project_roles          = ["VPC Administrator", "SFS Turbo Administrator"]
}

resource "functiongraph_vpc" "main" {
  name = "fgs-complete"
  cidr = "192.168.0.0/16"
}

resource "functiongraph_subnet" "functions" {
  vpc_id     = functiongraph_vpc.main.id
  name       = "functions"
  cidr       = "192.168.10.0/24"
  gateway_ip = "192.168.10.1"
}

resource "functiongraph_function" "api" {
  name        = "complete-api"
  runtime     = "Python3.9"
  handler     = "index.handler"
  memory_size = 256
  timeout     = 30
  description = "Serves the API"
  inline_code = <<-EOT
    import json
    def handler(event, context):
        return {"statusCode": 200, "body": json.dumps({"hello": "world"})}
  EOT

  agency    = functiongraph_agency.fgs.name
  vpc_id    = functiongraph_vpc.main.id
  subnet_id = functiongraph_subnet.functions.id

  mount {
    type        = "sfsTurbo"
    resource_id = var.sfs_turbo_id
    share_path  = "192.168.10.20:/data"
    local_path  = "/mnt/data"
  }

  environment = {
    STAGE = "prod"
  }
  max_instances            = 100
  concurrency_per_instance = 10
  tags = {
    app = "complete-example"
  }
}

resource "functiongraph_version" "v1" {
  function_urn = functiongraph_function.api.urn
  version      = "v1"
  description  = "first release"
}

resource "functiongraph_alias" "prod" {
  function_urn = functiongraph_function.api.urn
  name         = "prod"
  version      = "latest"
  description  = "production traffic: 10% on v1"
  additional_version_weights = {
    (functiongraph_version.v1.version) = 10
  }
}

resource "functiongraph_reserved_instances" "prod" {
  function_urn   = functiongraph_function.api.urn
  qualifier_type = "alias"
  qualifier_name = functiongraph_alias.prod.name
  reserved_count = 1
  idle_mode      = true

  cron_policy {
    name         = "office-hours"
    cron         = "0 0 8 ? * MON-FRI"
    count        = 3
    start_time   = 1767225600
    expired_time = 1798761600
  }
}

resource "functiongraph_trigger" "nightly" {
  function_urn = functiongraph_function.api.id
  status       = "ACTIVE"
  timer {
    name          = "nightly"
    schedule_type = "Cron"
    schedule      = "CRON_TZ=Asia/Shanghai 0 0 2 * * *"
  }
}

resource "functiongraph_trigger" "http" {
  function_urn = functiongraph_alias.prod.alias_urn
  apig {
    group_id = "api-group-0001"
    api_name = "complete_api"
    auth     = "NONE"
    protocol = "HTTPS"
  }
}

resource "functiongraph_async_invoke_config" "api" {
  function_urn                   = functiongraph_function.api.id
  max_async_event_age_in_seconds = 3600
  max_async_retry_attempts       = 2
  enable_async_status_log        = true
}

output "function_urn" {
  value = functiongraph_function.api.urn
}

output "alias_urn" {
  value = functiongraph_alias.prod.alias_urn
}
