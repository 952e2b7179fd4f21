locals {
  a = max(1,2,3)
  b = max(var.list...)
  c = join (",", var.list)
  d = merge(
    var.a,
      var.b,
  )
  e = format("%s-%s",var.a,var.b)
  f = length([ ])
}
