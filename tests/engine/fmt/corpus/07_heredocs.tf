locals {
  script = <<EOT
  keep   this    spacing
      and this
EOT
  indented = <<-EOT
    hello ${ var.name }
      world %{ if var.x }yes%{ endif }
    EOT
  after = 1
}

resource "x" "y" {
  policy = <<POLICY
{
  "Version": "1",
    "Statement": []
}
POLICY
  other     = "x"
}
