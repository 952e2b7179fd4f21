# expect: Unsupported operator @2:7
a = 1 & 2
