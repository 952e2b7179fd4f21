# expect: Missing attribute separator @2:12
a = {x = 1 y = 2}
