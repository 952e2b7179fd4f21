locals {
  a = jsonencode(<<EOT
raw
EOT
  )
  b = trimspace(<<-EOT
    text
  EOT
  )
  c = 1
}
