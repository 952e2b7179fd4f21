# expect: Unterminated comment @2:1
/* open