# expect: Invalid expression @4:1
a = {
  x = 1
