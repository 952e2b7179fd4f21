locals {
  a = 1 # one
  bbbb = 22 # two
  cc = "three" # three
  d = [1, 2] # four

  eeeeeeeee = 5 # five
  f = 6 // six
}
# standalone
x = 1  # x
yy = 2 # y
