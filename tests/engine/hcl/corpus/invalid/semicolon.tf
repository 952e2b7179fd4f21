# expect: Invalid character @2:6
a = 1; b = 2
