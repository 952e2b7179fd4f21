# expect: Argument or block definition required @2:10
resource 1 {
}
