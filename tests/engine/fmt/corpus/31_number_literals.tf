locals {
  a = 1.5
  b = 1e10
  c = 1.5E-3
  d = 0
  e = 007
}
