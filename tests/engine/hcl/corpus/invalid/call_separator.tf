# expect: Missing argument separator @2:9
a = f(1 2)
