# expect: Argument or block definition required @3:1
a = 1
}
