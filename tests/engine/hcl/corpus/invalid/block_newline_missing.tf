# expect: Missing newline after block definition @3:3
a {
} b = 1
