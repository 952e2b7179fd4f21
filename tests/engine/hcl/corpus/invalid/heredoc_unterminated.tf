# expect: Unterminated template string @4:1
a = <<EOT
x
