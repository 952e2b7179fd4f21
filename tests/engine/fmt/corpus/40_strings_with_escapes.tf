locals {
  a = "tab\there"
  b = "unicode \u00e9 \U0001F600"
  c = "quote \" inside"
  d = ""
  e = "${"nested"}"
}
