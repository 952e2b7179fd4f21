res exrcou "" "y" {
  a = foo(1, 2)
}
