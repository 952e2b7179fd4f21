# expect: Invalid 'for' expression @2:17
a = [for x in y x]
