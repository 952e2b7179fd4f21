a = 1
b = "x${a}y"
# comment
/* block */
c = [1, 2,
  3]
