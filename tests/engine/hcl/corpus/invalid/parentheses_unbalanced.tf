# expect: Unbalanced parentheses @3:1
a = (1 + 2
