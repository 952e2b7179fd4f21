locals {
  a = provider::terraform::encode_tfvars({a = 1})
  b = provider :: terraform :: decode_tfvars("x")
}
