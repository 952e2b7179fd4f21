# expect: Unterminated tuple constructor expression @2:5
a = [1, 2
