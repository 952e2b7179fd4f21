# expect: Invalid expression @2:4
a =
b = 2
