resource "a" "b" {
  x=1
    long_name = "v"
  nested {
  y = [
1,
2]
  }
}
