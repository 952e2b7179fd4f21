# expect: Invalid block definition @2:12
resource x = {
}
