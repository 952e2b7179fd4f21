# expect: Invalid expression @3:1
a = f(1,
