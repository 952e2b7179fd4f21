# expect: Invalid attribute name @2:7
a = x.
