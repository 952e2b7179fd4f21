locals {
  a = -1
  b = - 1
  c = 2 - -1
  d = 3-1
  e = [-1, - 2]
  f = foo(-1)
  g = a - b
  h = { x = -1 }
  i = a ? -1 : - 2
  j = 1 * - 2
  k = -a.b
}
