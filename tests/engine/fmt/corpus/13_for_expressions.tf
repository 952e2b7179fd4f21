locals {
  a = [for x in var.list: upper(x)]
  b = {for k,v in var.map: k=>v}
  c = [for x in var.list : x if x != ""]
  d = {for x in var.list : x.key => x.value...}
  e = [for x in [1,2,3]: x*2]
  f = [
    for s in var.list :
    upper(s)
  ]
}
