# expect: Missing close bracket on index @3:1
a = x[1
b = 2
