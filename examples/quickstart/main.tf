# The quickstart: one function, applied by fgform against its embedded emulator of the
# platform, so no cloud account is needed. Remove `embedded_emulator` and set credentials
# (HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME) to run the same configuration for real.
terraform {
  required_providers {
    functiongraph = {
      source  = "fgform/functiongraph"
      version = "~> 0.1"
    }
  }
}

provider "functiongraph" {
  embedded_emulator = true
}

variable "name" {
  type        = string
  default     = "hello"
  description = "Name of the function."
}

variable "memory_size" {
  type    = number
  default = 128
  validation {
    condition     = contains([128, 256, 512, 1024], var.memory_size)
    error_message = "memory_size must be one of 128, 256, 512 or 1024."
  }
}

locals {
  tags = {
    app   = var.name
    owner = "quickstart"
  }
}

resource "functiongraph_function" "hello" {
  name        = "${var.name}-fn"
  runtime     = "Python3.9"
  handler     = "index.handler"
  memory_size = var.memory_size
  timeout     = 15
  inline_code = <<-EOT
    def handler(event, context):
        return "hello from ${var.name}"
  EOT

  environment = {
    STAGE = "dev"
  }
  tags = local.tags
}

resource "functiongraph_version" "v1" {
  function_urn     = functiongraph_function.hello.urn
  version          = "v1"
  description      = "first release"
  source_code_hash = functiongraph_function.hello.source_code_hash
}

output "function_urn" {
  value = functiongraph_function.hello.urn
}

output "version" {
  value = functiongraph_version.v1.version_urn
}
