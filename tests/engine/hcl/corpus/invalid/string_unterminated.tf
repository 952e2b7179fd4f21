# expect: Unterminated template string @2:9
a = "abc