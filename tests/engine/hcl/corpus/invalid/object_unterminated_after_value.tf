# expect: Unterminated object constructor expression @2:5
a = {
  x = 1