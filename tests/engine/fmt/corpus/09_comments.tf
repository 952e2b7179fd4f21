# top comment
// slash comment
/* block comment */
/*
 multi
   line
*/
locals {
# not indented
    # over-indented
  a = 1 # trailing
  bb = 2 // trailing slash
  ccc = 3 /* trailing block */
  d = 4

  x = [ # after bracket
    1, # one
    22, # twenty-two
  ]
}
