# expect: Missing newline after argument @2:7
a = 1 b = 2
