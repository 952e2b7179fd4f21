terraform {
  required_providers {
    functiongraph = { source = "fgform/functiongraph", version = "~> 0.1" }
  }
}

variable "names" {
  type    = list(object({ name = string, size = optional(number, 128) }))
  default = []
}

locals {
  sizes   = { for n in var.names : n.name => n.size... if n.size > 0 }
  first   = try(var.names[0].name, null)
  all     = [for i, v in var.names : "${i}:${v.name}"]
  splat   = var.names[*].name
  heredoc = <<-EOT
    hello ${local.first}
    %{ for s in local.all ~}
    - ${s}
    %{ endfor ~}
  EOT
  math = (1 + 2) * -3 % 4 / 5.5e2 == 0 ? !true : false || true && null == null
}

resource "functiongraph_function" "f" {
  count = length(var.names) > 0 ? 1 : 0
  name  = "fn-${count.index}"
  dynamic "env" {
    for_each = local.sizes
    content {
      key = env.key
    }
  }
  lifecycle {
    ignore_changes = [tags["a"]]
  }
}
