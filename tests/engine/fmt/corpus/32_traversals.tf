output "o" {
  value = module.foo.bar[0] . baz
  description = "d"
  sensitive = true
  precondition {
    condition = length(var.x)>0
    error_message = "x must be set"
  }
}
