locals {
  a = { b = [
    1,
    2,
  ] }
  c = [{
    d = 1
  }, {
    e = 2
  }]
  f = foo({
    g = 1
  })
  h = [
    [
      1
    ]
  ]
}
