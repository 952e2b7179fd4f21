locals {a = 1}
resource "x" "y" {}
resource "x" "z" {   }
data "a" "b" { count = 2 }
variable "v" {type=string}
terraform { required_version = ">= 1.0" }
