locals {
  a = "hello ${var.name}!"
  b = "${ var.x }-${ var.y }"
  c = "%{ for s in var.list }${s}, %{ endfor }"
  d = "%{if var.enabled}on%{else}off%{endif}"
  e = "${~ var.trim ~}"
  f = "$${literal} and %%{literal}"
  g = "${ {a = 1} }"
  h = "escaped \"quote\" and \\ and \n"
}
