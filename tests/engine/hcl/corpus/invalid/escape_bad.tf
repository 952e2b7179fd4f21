# expect: Invalid escape sequence @2:6
a = "\q"
