# expect: Invalid character @2:5
a = 'x'
