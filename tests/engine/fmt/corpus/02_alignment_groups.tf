locals {
  a = 1
  bbb = 2
  cc = 3

  dddddd = 4
  e = 5
  # a comment breaks the group
  ffffffff = 6
  g = 7
  nested {
    x = 1
  }
  hh = 8
  iiiiiiiiii = 9
}
