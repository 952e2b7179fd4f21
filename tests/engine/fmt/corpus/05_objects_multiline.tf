locals {
  tags = {
  Name = "x"
      Environment="prod"
    "quoted key" = 1
  }
  obj = { a = 1, b = 2 }
  nested = {
    inner = {
      leaf = true
    deeper = { z = 0 }
    }
  }
  colon_obj = {
    a: 1
    bb: 2
  }
}
