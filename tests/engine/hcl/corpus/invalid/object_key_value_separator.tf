# expect: Missing key/value separator @2:8
a = {x 1}
