res exrcou"" "y" {
  a = foo(
    1,
    2
  )
  b = [
    for x in var.list :
    x
  ]
  c = {
    for k, v in var.map :
    k => v
  }
  d = var.cond ? (
    1
  ) : 2
  e = (
    var.a +
    var.b
  )
}
