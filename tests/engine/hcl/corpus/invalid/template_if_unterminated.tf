# expect: Unterminated template if @2:6
a = "%{if x}y"
