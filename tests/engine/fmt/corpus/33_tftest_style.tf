run "test" {
  command = plan
  assert {
    condition = functiongraph_function.f.name == "x"
    error_message = "bad name"
  }
  variables {
    name="x"
  }
}
