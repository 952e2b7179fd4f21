locals {
  a = aws_instance.x.*.id
  b = aws_instance.x[*].id
  c = var.list [0]
  d = var.map ["key"]
  e = foo.bar[ 0 ].baz
  f = var.x.0.y
  g = var.list[*]
}
