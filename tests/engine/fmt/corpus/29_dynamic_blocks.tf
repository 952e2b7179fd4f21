resource "functiongraph_function" "f" {
  dynamic "env" {
  for_each = var.envs
  content {
  name = env.key
  value = env.value
  }
  }
  lifecycle {
    ignore_changes = [tags,]
    create_before_destroy = true
  }
  depends_on = [ functiongraph_dependency.d ]
}
