# expect: Unterminated template string @4:4
a = <<EOT
x
EOT