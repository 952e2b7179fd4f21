locals {
  a = (
    var.x
    ? 1
    : 2
  )
  b = var.long_condition_name == "value" ? "yes" : "no"
}
