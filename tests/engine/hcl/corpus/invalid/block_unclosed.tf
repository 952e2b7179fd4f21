# expect: Unclosed configuration block @2:18
resource "a" "b" {
  x = 1
