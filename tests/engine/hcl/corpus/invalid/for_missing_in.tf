# expect: Invalid 'for' expression @2:12
a = [for x y : x]
