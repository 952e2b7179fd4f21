locals {
  list = [1,2,3]
  list2 = [ "a" , "b" ]
  multi = [
  1,
      2,
    3,
  ]
  nested = [[1, 2], [3,4],[ ]]
  mixed = [
    { a = 1 },
    {
      b = 2
    },
  ]
}
