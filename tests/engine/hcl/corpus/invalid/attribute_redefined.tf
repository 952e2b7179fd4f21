# expect: Attribute redefined @3:1
a = 1
a = 2
