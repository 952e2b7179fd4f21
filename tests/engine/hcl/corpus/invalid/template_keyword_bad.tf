# expect: Invalid template control keyword @2:8
a = "%{while x}y%{endwhile}"
