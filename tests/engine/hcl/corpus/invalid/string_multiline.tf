# expect: Invalid multi-line string @2:7
a = "x
y"
