locals {
  a = 1+2*3
  b = (1 + 2)*3
  c = 10%3
  d = a==b
  e = a!=b&&c>=d||e<=f
  f = !a
  g = ! b
  h = a ? b : c
  i = a>b?c:d
  j = 6/2
  k = a<b
}
