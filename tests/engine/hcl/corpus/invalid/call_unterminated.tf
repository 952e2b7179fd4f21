# expect: Unterminated function call @2:5
a = f(1
