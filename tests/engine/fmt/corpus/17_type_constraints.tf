variable "a" {
  type = "string"
}
variable "b" {
  type = "list"
}
variable "c" {
  type = "map"
}
variable "d" {
  type = list
}
variable "e" {
  type = map
}
variable "f" {
  type = set
}
variable "g" {
  type = map(string)
}
variable "h" {
  type = object({
    name = string
    size=number
  })
  default = "string"
}
variable "i" {
  type = "bool"
}
locals {
  type = "string"
}
