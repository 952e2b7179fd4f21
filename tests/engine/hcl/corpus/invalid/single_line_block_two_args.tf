# expect: Invalid single-argument block definition @2:11
b { a = 1 c = 2 }
