# expect: Argument or block definition required @3:9
resource "x" "y" {
  memory
}
