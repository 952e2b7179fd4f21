resource aws_instance web {
  ami = "x"
}
module   foo  {
  source = "./foo"
}
data    "a"     b    {
}
resource "x" "esc\u0041" {}
