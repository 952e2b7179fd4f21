# expect: Missing false expression in conditional @2:13
a = true ? 1
