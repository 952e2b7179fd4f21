# expect: Unterminated template for @2:6
a = "%{for x in y}z"
