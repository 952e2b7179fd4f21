locals {
  t = <<EOT
%{ for name in var.names ~}
  ${ name }
%{ endfor ~}
%{if var.x}
x
%{ else }
y
%{endif}
EOT
}
