locals {
  a = {x=1, y=2, z=3}
  b = {
    x = 1,
    yy = 2,
  }
  c = {"a"=1}
  d = { (var.k) = 1 }
}
